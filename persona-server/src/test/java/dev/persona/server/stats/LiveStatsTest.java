package dev.persona.server.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LiveStatsTest {
  final AtomicLong now = new AtomicLong(1_790_000_000_000L);
  final LiveStats stats = new LiveStats(now::get);

  @Test
  void percentilesAreWithinABucketOfTheExactOnesAndNeverAboveTheMaximum() {
    SplittableRandom random = new SplittableRandom(7);
    long[] nanos = new long[5_000];
    for (int i = 0; i < nanos.length; i++) {
      nanos[i] = (long) (Math.exp(random.nextDouble(Math.log(20_000), Math.log(2e9))));
      stats.recordRequest("GET /v1/x", 200, nanos[i]);
    }
    now.addAndGet(1_000);
    Arrays.sort(nanos);

    LiveStats.Latency l = stats.snapshot(10).latency();

    for (double[] q : new double[][] {{0.5, l.p50()}, {0.9, l.p90()}, {0.99, l.p99()}}) {
      double exact = nanos[(int) Math.ceil(q[0] * nanos.length) - 1] / 1e6;
      assertThat(q[1]).as("p" + q[0]).isBetween(exact * 0.999, exact * 1.19 + 0.001);
    }
    assertThat(l.max()).isEqualTo(Math.round(nanos[nanos.length - 1] / 1e3) / 1000.0);
    assertThat(l.p99()).isLessThanOrEqualTo(l.max());
  }

  @Test
  void eventsAreCountedPerSecondAndTheSecondInProgressIsLeftOut() {
    stats.recordEvents(5);
    now.addAndGet(1_000);
    stats.recordEvents(7);
    now.addAndGet(1_000);
    stats.recordEvents(100); // the second in progress

    LiveStats.Snapshot s = stats.snapshot(3);

    assertThat(s.eventsPerSecond()).containsExactly(0, 5, 7);
    assertThat(s.events()).isEqualTo(12);
  }

  @Test
  void whatIsOlderThanTheWindowIsForgottenAndTheRingIsReused() {
    stats.recordEvents(5);
    stats.recordRequest("GET /v1/x", 500, 1_000_000);
    now.addAndGet(LiveStats.MAX_WINDOW * 1_000L); // the same slot, one lap later
    stats.recordEvents(1);
    now.addAndGet(1_000);

    LiveStats.Snapshot s = stats.snapshot(LiveStats.MAX_WINDOW);

    assertThat(s.events()).isEqualTo(1);
    assertThat(s.requests()).isZero();
    assertThat(s.latency().p50()).isNull();
  }

  @Test
  void routesAreListedMostRequestedFirstWithTheirErrors() {
    stats.recordRequest("GET /v1/a", 200, 1_000_000);
    stats.recordRequest("GET /v1/b", 404, 1_000_000);
    stats.recordRequest("GET /v1/b", 503, 1_000_000);
    now.addAndGet(1_000);

    LiveStats.Snapshot s = stats.snapshot(60);

    assertThat(s.routes())
        .extracting(LiveStats.RouteStats::route)
        .containsExactly("GET /v1/b", "GET /v1/a");
    assertThat(s.routes().get(0).clientErrors()).isEqualTo(1);
    assertThat(s.routes().get(0).serverErrors()).isEqualTo(1);
    assertThat(s.clientErrors() + s.serverErrors()).isEqualTo(2);
    assertThatThrownBy(() -> stats.snapshot(0)).hasMessageContaining("window must be 1..300");
  }
}
