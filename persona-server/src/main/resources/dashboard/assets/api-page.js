// The interactive API page: Swagger UI on the served OpenAPI document. "Authorize" takes the API
// key; the dashboard's saved key is filled in when there is one.
window.addEventListener('DOMContentLoaded', () => {
  const ui = window.SwaggerUIBundle({
    url: '/v1/openapi.json',
    dom_id: '#swagger',
    deepLinking: true,
    validatorUrl: null,
    tryItOutEnabled: false,
  });
  let key = '';
  try {
    key = localStorage.getItem('persona.apiKey') || '';
  } catch (e) {
    key = '';
  }
  if (key) {
    ui.authActions.authorize({ bearer: { name: 'bearer', schema: { type: 'http', scheme: 'bearer' }, value: key } });
  }
});
