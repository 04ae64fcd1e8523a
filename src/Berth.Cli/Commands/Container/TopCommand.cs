using System.CommandLine;
using System.Text;
using Berth.Cli.Formatting;

namespace Berth.Cli.Commands.Container;

/// <summary><c>berth top CONTAINER [ps OPTIONS]</c>: the daemon runs ps; the table is aligned as docker aligns it (tabwriter min width 20).</summary>
internal static class TopCommand
{
    private const int MinWidth = 20;

    public static Command Create()
    {
        var container = new Argument<string>("CONTAINER");
        var psArgs = new Argument<string[]>("[ps OPTIONS]") { Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("top", "Display the running processes of a container") { container, psArgs };
        CliCommand.SetHandler(command, async (parse, cli, ct) =>
        {
            var top = await cli.Client.TopContainerAsync(parse.GetValue(container)!, string.Join(' ', parse.GetValue(psArgs) ?? []), ct);
            await cli.Out.WriteAsync(Render(top.Titles, top.Processes));
            return 0;
        });
        return command;
    }

    internal static string Render(IReadOnlyList<string> titles, IReadOnlyList<IReadOnlyList<string>> processes)
    {
        var text = new StringBuilder().Append(string.Join('\t', titles)).Append('\n');
        foreach (var process in processes) text.Append(string.Join('\t', process)).Append('\n');
        return TabWriter.Format(text.ToString(), MinWidth);
    }
}
