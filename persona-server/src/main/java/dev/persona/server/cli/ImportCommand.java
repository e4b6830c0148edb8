package dev.persona.server.cli;

import dev.persona.data.HttpImportSink;
import dev.persona.data.ImportSink;
import dev.persona.data.importer.ConsoleProgress;
import dev.persona.data.importer.Format;
import dev.persona.data.importer.ImportOptions;
import dev.persona.data.importer.ImportReport;
import dev.persona.data.importer.Importers;
import dev.persona.server.config.PersonaConfig;
import dev.persona.server.ingest.IngestPipeline;
import dev.persona.server.ingest.LocalImportSink;
import dev.persona.store.rocks.RocksStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Import files into a local store (--data) or a running server (--url).",
      "Formats: jsonl, movielens-100k, movielens-latest, rees46, lastfm-hetrec (docs/import.md)."
    })
final class ImportCommand implements Callable<Integer> {
  @Option(
      names = "--format",
      required = true,
      paramLabel = "F",
      description = "one of: ${COMPLETION-CANDIDATES}",
      completionCandidates = FormatNames.class)
  String format;

  @ArgGroup(exclusive = true)
  StoreTarget target = new StoreTarget();

  @Option(
      names = "--api-key",
      paramLabel = "KEY",
      description = "key for --url when the server requires one")
  String apiKey;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "configuration (event types, store settings) for --data")
  Path config;

  @Option(
      names = "--batch",
      description = "records per write (default 1000)",
      defaultValue = "1000")
  int batch;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "files or directories to import")
  List<Path> paths;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    Format f;
    try {
      f = Format.byName(format);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--format: " + e.getMessage());
    }
    PersonaConfig c = target.config(config);
    ImportReport report;
    try (ConsoleProgress progress = new ConsoleProgress("import " + f.formatName(), System.err)) {
      ImportOptions options =
          ImportOptions.defaults()
              .withBatchSize(batch)
              .withPolicy(c.eventPolicy())
              .withProgress(progress);
      if (target.url != null) {
        report = Importers.run(f, paths, new HttpImportSink(target.url, apiKey), options);
      } else {
        try (RocksStore store = RocksStore.open(c.dataDir(), c.store())) {
          ImportSink sink = new LocalImportSink(pipeline(store, c), store);
          report = Importers.run(f, paths, sink, options);
        }
      }
    }
    spec.commandLine().getOut().println(report.render());
    return 0;
  }

  static IngestPipeline pipeline(RocksStore store, PersonaConfig c) {
    return new IngestPipeline(
        store.events(),
        c.eventPolicy(),
        Math.max(c.maxBatchEvents(), 100_000),
        new SimpleMeterRegistry(),
        System::currentTimeMillis);
  }

  static final class FormatNames implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return Format.names().iterator();
    }
  }
}
