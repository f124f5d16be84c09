package dev.panagrad.examples.cli;

import dev.panagrad.examples.run.ExampleException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root {@code panagrad} command: its subcommands train, evaluate and sample the example models. */
@Command(name = "panagrad", mixinStandardHelpOptions = true, version = "panagrad examples 0.1.0",
        description = "Trains and uses the Panagrad example models on real data (MNIST digits, English words).",
        subcommands = {TrainCommand.class, EvalCommand.class, PredictCommand.class, SampleCommand.class,
            EvalGanCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit status: 0 success, 1 failure (a one-line reason is printed), 2 bad usage."})
public final class PanagradCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** A configured command line writing to {@code out} and {@code err}: exit codes 0, 1 and 2 as documented. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new PanagradCommand());
        cli.setOut(out);
        cli.setErr(err);
        CommandLine.Model.UsageMessageSpec train = cli.getSubcommands().get("train").getCommandSpec().usageMessage();
        train.description(Experiments.describe(train.description()));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ExampleException) {
                commandLine.getErr().println("panagrad: " + e.getMessage());
                return 1;
            }
            throw e;
        });
        return cli;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: train, eval, predict, sample or eval-gan");
    }
}
