package dev.persona.recommend.train;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.persona.core.index.IdIndex;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * A snapshot on disk: a magic number and format version, the metadata as JSON, the item ids, the
 * iALS item factors, the EASE weights when present, and a CRC-32 of everything before it. Written
 * to a temporary file and moved into place, so a crash leaves the previous snapshot intact; a file
 * that fails its check is refused whole.
 */
public final class SnapshotCodec {
  private static final int MAGIC = 0x50534e4d; // "PSNM"
  private static final int FORMAT = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  private SnapshotCodec() {}

  /** Writes {@code s} to {@code file} atomically. */
  public static void write(Snapshot s, Path file) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    CRC32 crc = new CRC32();
    try (java.io.FileOutputStream raw = new java.io.FileOutputStream(tmp.toFile());
        CheckedOutputStream checked = new CheckedOutputStream(new BufferedOutputStream(raw), crc);
        DataOutputStream out = new DataOutputStream(checked)) {
      out.writeInt(MAGIC);
      out.writeInt(FORMAT);
      byte[] meta = JSON.writeValueAsBytes(metadata(s));
      out.writeInt(meta.length);
      out.write(meta);
      String[] ids = s.als().items().ids();
      out.writeInt(ids.length);
      for (String id : ids) {
        byte[] b = id.getBytes(StandardCharsets.UTF_8);
        out.writeShort(b.length);
        out.write(b);
      }
      writeFloats(out, s.als().itemFactors());
      out.writeBoolean(s.ease() != null);
      if (s.ease() != null) {
        writeFloats(out, s.ease().weights());
      }
      out.flush();
      long sum = crc.getValue();
      out.writeLong(sum);
      out.flush();
      raw.getFD().sync(); // on disk before the name points at it
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    try (java.nio.channels.FileChannel d =
        java.nio.channels.FileChannel.open(
            file.getParent(), java.nio.file.StandardOpenOption.READ)) {
      d.force(true); // and the rename itself
    } catch (IOException e) {
      // some file systems cannot sync a directory; the file itself is on disk
    }
  }

  /**
   * Reads a snapshot and binds its items to {@code ids}.
   *
   * @throws IOException when the file is unreadable, truncated or fails its checksum
   */
  public static Snapshot read(Path file, IdIndex ids) throws IOException {
    CRC32 crc = new CRC32();
    long size = Files.size(file);
    try (InputStream raw = Files.newInputStream(file);
        BufferedInputStream buffered = new BufferedInputStream(raw);
        CheckedInputStream checked = new CheckedInputStream(buffered, crc);
        DataInputStream in = new DataInputStream(checked)) {
      if (in.readInt() != MAGIC) {
        throw new IOException(file + " is not a Persona model snapshot");
      }
      int format = in.readInt();
      if (format != FORMAT) {
        throw new IOException(file + " has snapshot format " + format + ", this build reads 1");
      }
      byte[] meta = new byte[length(in.readInt(), 1, size, file)];
      in.readFully(meta);
      Map<String, Object> m = JSON.readValue(meta, new TypeReference<>() {});
      String[] itemIds = new String[length(in.readInt(), 2, size, file)];
      for (int i = 0; i < itemIds.length; i++) {
        byte[] b = new byte[in.readUnsignedShort()];
        in.readFully(b);
        itemIds[i] = new String(b, StandardCharsets.UTF_8);
      }
      float[] factors = readFloats(in, size, file);
      float[] ease = in.readBoolean() ? readFloats(in, size, file) : null;
      long expected = crc.getValue();
      long stored = new DataInputStream(buffered).readLong();
      if (stored != expected) {
        throw new IOException(file + " fails its checksum (the file is damaged)");
      }
      List<ModelInfo> models = models(m);
      ModelInfo alsInfo = models.get(0);
      AlsParams p = alsParams(alsInfo.params());
      if (factors.length != (long) itemIds.length * p.factors()
          || ease != null && ease.length != (long) itemIds.length * itemIds.length) {
        throw new IOException(
            file + " holds arrays that do not match its " + itemIds.length + " items");
      }
      ItemSpace space = ItemSpace.bind(itemIds, ids); // only now: everything checked
      EaseModel easeModel =
          ease == null
              ? null
              : new EaseModel(
                  space, ((Number) models.get(1).params().get("lambda")).doubleValue(), ease);
      @SuppressWarnings("unchecked")
      Map<String, Double> baseline = doubles((Map<String, Object>) m.get("baseline"));
      return new Snapshot(
          ((Number) m.get("version")).longValue(),
          ((Number) m.get("trainedAt")).longValue(),
          ((Number) m.get("lastSequence")).longValue(),
          ((Number) m.get("users")).intValue(),
          ((Number) m.get("items")).intValue(),
          ((Number) m.get("pairs")).longValue(),
          new AlsModel(space, p, factors),
          easeModel,
          models,
          baseline);
    } catch (RuntimeException e) { // malformed metadata
      throw new IOException(file + " has unreadable metadata: " + e.getMessage(), e);
    }
  }

  /** The metadata of a snapshot as a JSON-ready map (also what {@code GET /v1/models} shows). */
  public static Map<String, Object> metadata(Snapshot s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("version", s.version());
    m.put("trainedAt", s.trainedAt());
    m.put("lastSequence", s.lastSequence());
    m.put("users", s.users());
    m.put("items", s.items());
    m.put("pairs", s.pairs());
    List<Map<String, Object>> models =
        s.models().stream()
            .map(
                i -> {
                  Map<String, Object> x = new LinkedHashMap<>();
                  x.put("name", i.name());
                  x.put("status", i.status());
                  x.put("reason", i.reason());
                  x.put("params", i.params());
                  x.put("seconds", i.seconds());
                  x.put("loss", i.loss());
                  x.put("holdout", i.holdout());
                  return x;
                })
            .toList();
    m.put("models", models);
    m.put("baseline", s.baseline());
    return m;
  }

  @SuppressWarnings("unchecked")
  private static List<ModelInfo> models(Map<String, Object> m) {
    List<ModelInfo> out = new java.util.ArrayList<>();
    for (Map<String, Object> x : (List<Map<String, Object>>) m.get("models")) {
      out.add(
          new ModelInfo(
              (String) x.get("name"),
              (String) x.get("status"),
              (String) x.get("reason"),
              (Map<String, Object>) x.get("params"),
              ((Number) x.get("seconds")).doubleValue(),
              ((List<Number>) x.get("loss")).stream().map(Number::doubleValue).toList(),
              doubles((Map<String, Object>) x.get("holdout"))));
    }
    if (out.isEmpty() || !out.get(0).name().equals("als")) {
      throw new IllegalArgumentException("the first model must be als");
    }
    return out;
  }

  private static AlsParams alsParams(Map<String, Object> p) {
    return new AlsParams(
        ((Number) p.get("factors")).intValue(),
        ((Number) p.get("iterations")).intValue(),
        ((Number) p.get("regularization")).doubleValue(),
        ((Number) p.get("exponent")).doubleValue(),
        ((Number) p.get("alpha")).doubleValue(),
        ((Number) p.get("cgSteps")).intValue(),
        ((Number) p.getOrDefault("seed", 42)).longValue(),
        ((Number) p.get("threads")).intValue());
  }

  private static Map<String, Double> doubles(Map<String, Object> m) {
    Map<String, Double> out = new LinkedHashMap<>();
    if (m != null) {
      m.forEach((k, v) -> out.put(k, ((Number) v).doubleValue()));
    }
    return out;
  }

  private static void writeFloats(DataOutputStream out, float[] f) throws IOException {
    out.writeInt(f.length);
    byte[] buf = new byte[8192];
    int pos = 0;
    for (float v : f) {
      int bits = Float.floatToRawIntBits(v);
      buf[pos++] = (byte) (bits >>> 24);
      buf[pos++] = (byte) (bits >>> 16);
      buf[pos++] = (byte) (bits >>> 8);
      buf[pos++] = (byte) bits;
      if (pos == buf.length) {
        out.write(buf);
        pos = 0;
      }
    }
    out.write(buf, 0, pos);
  }

  /** A length read from the file, refused when the file cannot hold that many units of bytes. */
  private static int length(int n, int unit, long size, Path file) throws IOException {
    if (n < 0 || (long) n * unit > size) {
      throw new IOException(file + " is damaged: a length of " + n + " exceeds the file");
    }
    return n;
  }

  private static float[] readFloats(DataInputStream in, long size, Path file) throws IOException {
    int n = length(in.readInt(), 4, size, file);
    float[] f = new float[n];
    byte[] buf = new byte[8192];
    int i = 0;
    while (i < n) {
      int chunk = Math.min(buf.length / 4, n - i);
      in.readFully(buf, 0, chunk * 4);
      for (int p = 0; p < chunk * 4; p += 4) {
        f[i++] =
            Float.intBitsToFloat(
                (buf[p] & 0xff) << 24
                    | (buf[p + 1] & 0xff) << 16
                    | (buf[p + 2] & 0xff) << 8
                    | (buf[p + 3] & 0xff));
      }
    }
    return f;
  }
}
