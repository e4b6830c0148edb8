package dev.persona.eval;

import java.util.List;
import java.util.Locale;

/** Small, dependency-free SVG charts for the reports: readable at a glance, no script. */
public final class Svg {
  private static final String[] COLOURS = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2"};

  private Svg() {}

  /** One bar of a group: a value and the half-width of its interval (NaN for none). */
  public record Bar(double value, double error) {}

  /**
   * Horizontal bars, one group per row label, one bar per series in each group, with interval
   * whiskers.
   */
  public static String bars(
      String title, List<String> rows, List<String> series, List<List<Bar>> values) {
    int labelWidth = 150;
    int plotWidth = 460;
    int barHeight = 12;
    int groupHeight = series.size() * barHeight + 10;
    int top = 48;
    int height = top + rows.size() * groupHeight + 40;
    double max = 0;
    for (List<Bar> group : values) {
      for (Bar b : group) {
        if (Double.isFinite(b.value())) {
          max = Math.max(max, b.value() + (Double.isFinite(b.error()) ? b.error() : 0));
        }
      }
    }
    max = niceCeiling(max);
    StringBuilder s = header(labelWidth + plotWidth + 70, height, title);
    legend(s, series, labelWidth, 34);
    for (int t = 0; t <= 4; t++) {
      double v = max * t / 4;
      double x = labelWidth + plotWidth * t / 4.0;
      s.append(
          String.format(
              Locale.ROOT,
              "<line x1='%.1f' y1='%d' x2='%.1f' y2='%d' stroke='#ddd'/>"
                  + "<text x='%.1f' y='%d' font-size='10' text-anchor='middle'>%s</text>%n",
              x,
              top - 4,
              x,
              height - 30,
              x,
              height - 16,
              number(v)));
    }
    for (int r = 0; r < rows.size(); r++) {
      int y0 = top + r * groupHeight;
      s.append(
          String.format(
              Locale.ROOT,
              "<text x='%d' y='%d' font-size='11' text-anchor='end'>%s</text>%n",
              labelWidth - 6,
              y0 + groupHeight / 2 + 2,
              escape(rows.get(r))));
      for (int b = 0; b < series.size(); b++) {
        Bar bar = values.get(r).get(b);
        if (!Double.isFinite(bar.value())) {
          continue;
        }
        double w = max == 0 ? 0 : plotWidth * bar.value() / max;
        int y = y0 + b * barHeight;
        s.append(
            String.format(
                Locale.ROOT,
                "<rect x='%d' y='%d' width='%.1f' height='%d' fill='%s'><title>%s %s: %s</title></rect>%n",
                labelWidth,
                y,
                w,
                barHeight - 2,
                COLOURS[b % COLOURS.length],
                escape(rows.get(r)),
                escape(series.get(b)),
                number(bar.value())));
        if (Double.isFinite(bar.error()) && bar.error() > 0 && max > 0) {
          double lo = labelWidth + plotWidth * (bar.value() - bar.error()) / max;
          double hi = labelWidth + plotWidth * (bar.value() + bar.error()) / max;
          double cy = y + (barHeight - 2) / 2.0;
          s.append(
              String.format(
                  Locale.ROOT,
                  "<path d='M%.1f %.1fH%.1fM%.1f %.1fV%.1fM%.1f %.1fV%.1f' stroke='#333'/>%n",
                  lo,
                  cy,
                  hi,
                  lo,
                  cy - 3,
                  cy + 3,
                  hi,
                  cy - 3,
                  cy + 3));
        }
        s.append(
            String.format(
                Locale.ROOT,
                "<text x='%.1f' y='%d' font-size='9'>%s</text>%n",
                labelWidth
                    + w
                    + 4
                    + (Double.isFinite(bar.error()) && max > 0 ? plotWidth * bar.error() / max : 0),
                y + barHeight - 3,
                number(bar.value())));
      }
    }
    return s.append("</svg>\n").toString();
  }

  /** Lines over a shared x axis of labels; NaN points are left out. */
  public static String lines(
      String title, String yLabel, List<String> x, List<String> series, List<double[]> values) {
    int left = 60;
    int plotWidth = 520;
    int plotHeight = 240;
    int top = 50;
    double max = 0;
    for (double[] v : values) {
      for (double d : v) {
        if (Double.isFinite(d)) {
          max = Math.max(max, d);
        }
      }
    }
    max = niceCeiling(max);
    StringBuilder s = header(left + plotWidth + 30, top + plotHeight + 60, title);
    legend(s, series, left, 36);
    for (int t = 0; t <= 4; t++) {
      double v = max * t / 4;
      double y = top + plotHeight - plotHeight * t / 4.0;
      s.append(
          String.format(
              Locale.ROOT,
              "<line x1='%d' y1='%.1f' x2='%d' y2='%.1f' stroke='#ddd'/>"
                  + "<text x='%d' y='%.1f' font-size='10' text-anchor='end'>%s</text>%n",
              left,
              y,
              left + plotWidth,
              y,
              left - 4,
              y + 3,
              number(v)));
    }
    s.append(
        String.format(
            Locale.ROOT,
            "<text x='14' y='%d' font-size='11' transform='rotate(-90 14 %d)' text-anchor='middle'>%s</text>%n",
            top + plotHeight / 2,
            top + plotHeight / 2,
            escape(yLabel)));
    int n = x.size();
    for (int i = 0; i < n; i++) {
      if (n <= 12 || i % Math.max(1, n / 10) == 0) {
        s.append(
            String.format(
                Locale.ROOT,
                "<text x='%.1f' y='%d' font-size='9' text-anchor='middle'>%s</text>%n",
                xAt(i, n, left, plotWidth),
                top + plotHeight + 14,
                escape(x.get(i))));
      }
    }
    for (int k = 0; k < series.size(); k++) {
      StringBuilder d = new StringBuilder();
      double[] v = values.get(k);
      for (int i = 0; i < v.length; i++) {
        if (!Double.isFinite(v[i])) {
          continue;
        }
        double y = top + plotHeight - (max == 0 ? 0 : plotHeight * v[i] / max);
        d.append(d.isEmpty() ? "M" : "L")
            .append(String.format(Locale.ROOT, "%.1f %.1f", xAt(i, n, left, plotWidth), y));
      }
      s.append(
          String.format(
              "<path d='%s' fill='none' stroke='%s' stroke-width='2'/>%n",
              d, COLOURS[k % COLOURS.length]));
    }
    return s.append("</svg>\n").toString();
  }

  private static double xAt(int i, int n, int left, int width) {
    return n <= 1 ? left + width / 2.0 : left + width * i / (double) (n - 1);
  }

  private static StringBuilder header(int width, int height, String title) {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' viewBox='0 0 %d %d'"
                + " font-family='sans-serif'>%n<rect width='100%%' height='100%%' fill='white'/>%n"
                + "<text x='10' y='20' font-size='14' font-weight='bold'>%s</text>%n",
            width,
            height,
            width,
            height,
            escape(title)));
    return s;
  }

  private static void legend(StringBuilder s, List<String> series, int x0, int y) {
    int x = x0;
    for (int i = 0; i < series.size(); i++) {
      s.append(
          String.format(
              Locale.ROOT,
              "<rect x='%d' y='%d' width='10' height='10' fill='%s'/>"
                  + "<text x='%d' y='%d' font-size='11'>%s</text>%n",
              x,
              y - 9,
              COLOURS[i % COLOURS.length],
              x + 14,
              y,
              escape(series.get(i))));
      x += 24 + 7 * series.get(i).length();
    }
  }

  /** The smallest of 1, 2, 2.5, 5 times a power of ten at or above {@code v}. */
  static double niceCeiling(double v) {
    if (!(v > 0)) {
      return 1;
    }
    double p = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * p >= v - 1e-12) {
        return m * p;
      }
    }
    return 10 * p;
  }

  private static String number(double v) {
    return Math.abs(v) >= 100
        ? String.format(Locale.ROOT, "%.0f", v)
        : String.format(Locale.ROOT, "%.3f", v);
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;");
  }
}
