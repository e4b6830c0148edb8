package dev.persona.data.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FieldsTest {

  @Test
  void csv_unquotes_fields_with_commas_and_doubled_quotes() {
    assertThat(Fields.csv("1,\"Cry, the Beloved Country (1995)\",Drama"))
        .containsExactly("1", "Cry, the Beloved Country (1995)", "Drama");
    assertThat(Fields.csv("567,4552,\"\"\"artsy\"\"\",1525285878"))
        .containsExactly("567", "4552", "\"artsy\"", "1525285878");
    assertThat(Fields.csv("a,,")).containsExactly("a", "", "");
    assertThat(Fields.csv("")).containsExactly("");
  }

  @Test
  void csv_refuses_an_open_quote_and_text_after_a_closing_quote() {
    assertThatThrownBy(() -> Fields.csv("5,\"Broken, Quote (2000),Drama"))
        .isInstanceOfSatisfying(
            BadLine.class, e -> assertThat(e.reason()).isEqualTo("unterminated quote"));
    assertThatThrownBy(() -> Fields.csv("\"a\"b,c"))
        .isInstanceOfSatisfying(
            BadLine.class, e -> assertThat(e.reason()).isEqualTo("text after a closing quote"));
  }

  @Test
  void split_keeps_empty_trailing_fields() {
    assertThat(Fields.split("52\tMorcheeba\turl\t", '\t'))
        .containsExactly("52", "Morcheeba", "url", "");
  }

  @Test
  void numbers_reject_text_infinity_and_java_suffixes() {
    assertThat(Fields.number(" 4.5 ", "rating")).isEqualTo(4.5);
    for (String bad : new String[] {"five", "NaN", "Infinity", "4d", "1f", ""}) {
      assertThatThrownBy(() -> Fields.number(bad, "rating"))
          .isInstanceOfSatisfying(
              BadLine.class, e -> assertThat(e.reason()).isEqualTo("non-numeric rating"));
    }
    assertThatThrownBy(() -> Fields.unixSeconds("-5"))
        .isInstanceOfSatisfying(
            BadLine.class, e -> assertThat(e.reason()).isEqualTo("timestamp out of range"));
  }
}
