package dev.persona.server.cli;

import dev.persona.core.store.SyncPolicy;
import dev.persona.server.config.Durations;
import dev.persona.server.config.PersonaConfig;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** Flags shared by commands that run or open a server's store; they override the config file. */
final class ServerOptions {
  @Option(names = "--port", description = "TCP port (default 8080; 0 picks a free one)")
  Integer port;

  @Option(names = "--host", description = "address to listen on (default 0.0.0.0)")
  String host;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "directory of the embedded store (default ./data)")
  Path data;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "YAML configuration file (docs/configuration.md)")
  Path config;

  @Option(
      names = "--api-key",
      paramLabel = "KEY",
      description = "require this key (at least 16 characters) for writes")
  String apiKey;

  @Option(
      names = "--sync",
      paramLabel = "POLICY",
      description = "always (fsync per group commit, default) or interval")
  String sync;

  @Option(
      names = "--sync-interval",
      paramLabel = "DURATION",
      description = "fsync period under --sync interval (default 1s)")
  String syncInterval;

  @Option(
      names = "--evaluation",
      paramLabel = "DIR",
      description = "where persona evaluate wrote the report to show (default target/evaluation)")
  Path evaluation;

  PersonaConfig resolve(Path defaultData) {
    PersonaConfig c = config != null ? PersonaConfig.load(config) : PersonaConfig.defaults();
    if (config == null || data != null) {
      c = c.withDataDir(data != null ? data : defaultData);
    }
    if (port != null) {
      c = c.withPort(port);
    }
    if (host != null) {
      c = c.withHost(host);
    }
    if (apiKey != null) {
      c = c.withApiKeys(List.of(apiKey));
    }
    if (sync != null) {
      c = c.withStore(c.store().withSync(SyncPolicy.parse(sync)));
    }
    if (evaluation != null) {
      c = c.withEvaluationDir(evaluation);
    }
    if (syncInterval != null) {
      c = c.withStore(c.store().withSyncInterval(Durations.parse("--sync-interval", syncInterval)));
    }
    return c;
  }
}
