using System.CommandLine;
using Berth.Api.Client;

namespace Berth.Cli.Commands.Container;

/// <summary><c>berth commit CONTAINER [REPOSITORY[:TAG]]</c>: a new image from the container's changes; prints its id.</summary>
internal static class CommitCommand
{
    public static Command Create()
    {
        var author = new Option<string?>("--author", "-a") { Description = "Author (e.g., \"John Hannibal Smith <hannibal@a-team.com>\")" };
        var change = new Option<string[]>("--change", "-c") { Description = "Apply Dockerfile instruction to the created image" };
        var message = new Option<string?>("--message", "-m") { Description = "Commit message" };
        var pause = new Option<bool>("--pause", "-p") { Description = "Pause container during commit", DefaultValueFactory = _ => true };
        var container = new Argument<string>("CONTAINER");
        var reference = new Argument<string?>("REPOSITORY[:TAG]") { Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("commit", "Create a new image from a container's changes") { author, change, message, pause, container, reference };
        CliCommand.SetHandler(command, async (parse, cli, ct) =>
        {
            var (repository, tag) = SplitReference(parse.GetValue(reference));
            var query = new ContainerCommitQuery(parse.GetValue(container)!, repository, tag, parse.GetValue(message),
                parse.GetValue(author), parse.GetValue(pause), parse.GetValue(change) ?? []);
            var result = await cli.Client.CommitAsync(query, ct);
            await cli.Out.WriteLineAsync(result.Id);
            return 0;
        });
        return command;
    }

    /// <summary>The tag is what follows the last colon after the last slash, so "host:5000/app" has none.</summary>
    internal static (string? Repository, string? Tag) SplitReference(string? reference)
    {
        if (string.IsNullOrEmpty(reference)) return (null, null);
        var colon = reference.LastIndexOf(':');
        return colon > reference.LastIndexOf('/') ? (reference[..colon], reference[(colon + 1)..]) : (reference, null);
    }
}
