package dev.persona.store.rocks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.persona.core.model.Event;
import dev.persona.core.store.StoredEvent;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class EventCodecTest {
  private final ByteWriter buffer = new ByteWriter(16);

  @Property(tries = 300)
  void decodeInvertsEncode(@ForAll("events") Event event, @ForAll long receivedAt) {
    byte[] bytes = EventCodec.encode(event, receivedAt, buffer);

    StoredEvent decoded = EventCodec.decode(42, bytes);

    assertThat(decoded.sequence()).isEqualTo(42);
    assertThat(decoded.receivedAt()).isEqualTo(receivedAt);
    assertThat(decoded.event()).isEqualTo(event);
  }

  @Provide
  Arbitrary<Event> events() {
    Arbitrary<String> ids =
        Arbitraries.strings()
            .withCharRange('!', '\ud7ff')
            .ofMinLength(1)
            .ofMaxLength(20)
            .filter(s -> dev.persona.core.validate.Ids.reason(s, true) == null);
    Arbitrary<String> optionalIds = ids.injectNull(0.3);
    Arbitrary<Double> values = Arbitraries.doubles().between(-1e9, 1e9).injectNull(0.4);
    Arbitrary<Map<String, String>> context = Arbitraries.maps(ids, ids).ofMaxSize(3);
    Arbitrary<Map<String, Object>> properties =
        Arbitraries.maps(
                ids,
                Arbitraries.oneOf(
                    ids.map(s -> (Object) s),
                    Arbitraries.longs().map(l -> (Object) l),
                    Arbitraries.of(true, false).map(b -> (Object) b),
                    Arbitraries.longs().list().ofMaxSize(3).map(l -> (Object) l)))
            .ofMaxSize(3);
    return Combinators.combine(
            List.of(
                optionalIds.map(o -> (Object) o),
                Arbitraries.of("view", "cart", "purchase").map(o -> (Object) o),
                ids.map(o -> (Object) o),
                optionalIds.map(o -> (Object) o),
                Arbitraries.longs().between(0, 4_000_000_000_000L).map(o -> (Object) o),
                values.map(o -> (Object) o),
                optionalIds.map(o -> (Object) o),
                context.map(o -> (Object) o),
                properties.map(o -> (Object) o)))
        .as(EventCodecTest::event);
  }

  @SuppressWarnings("unchecked")
  private static Event event(List<Object> f) {
    return new Event(
        (String) f.get(0),
        (String) f.get(1),
        (String) f.get(2),
        (String) f.get(3),
        (Long) f.get(4),
        (Double) f.get(5),
        (String) f.get(6),
        (String) f.get(6),
        null,
        (Map<String, String>) f.get(7),
        (Map<String, Object>) f.get(8));
  }
}
