package dev.persona.server.cli;

import dev.persona.server.PersonaServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code persona} command line. Every subcommand has {@code --help}; a wrong flag prints the
 * usage and exits with status 2.
 */
@Command(
    name = "persona",
    mixinStandardHelpOptions = true,
    versionProvider = PersonaCli.Version.class,
    description = "Real-time user profiling and recommendation engine.",
    subcommands = {
      ServeCommand.class,
      DemoCommand.class,
      ImportCommand.class,
      TrainCommand.class,
      EvaluateCommand.class,
      GenerateCommand.class,
      CommandLine.HelpCommand.class
    })
public final class PersonaCli implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns the exit status (0 ok, 1 failure, 2 usage error). */
  public static int execute(String... args) {
    return new CommandLine(new PersonaCli())
        .setExecutionExceptionHandler(
            (e, cmd, parsed) -> {
              cmd.getErr().println(cmd.getColorScheme().errorText("error: " + e.getMessage()));
              return 1;
            })
        .execute(args);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"persona " + PersonaServer.version()};
    }
  }
}
