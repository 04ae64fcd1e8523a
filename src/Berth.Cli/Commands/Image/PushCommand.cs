using System.CommandLine;
using Berth.Api.Auth;

namespace Berth.Cli.Commands.Image;

/// <summary><c>berth push [-a] [-q] NAME[:TAG]</c>, with the login stored for the image's registry.</summary>
internal static class PushCommand
{
    public static Command Create(string name)
    {
        var allTags = new Option<bool>("--all-tags", "-a") { Description = "Push all tags of an image to the repository" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Suppress verbose output" };
        var image = new Argument<string>("NAME[:TAG]");
        var command = new Command(name, "Upload an image to a registry") { allTags, quiet, image };
        CliCommand.SetHandler(command, async (parse, cli, ct) =>
        {
            var all = parse.GetValue(allTags);
            var target = await TransferTarget.ResolveAsync(parse.GetValue(image)!, all, parse.GetValue(quiet), cli.Out);
            var status = await ProgressMessages.PrintAsync(cli.Client.PushAsync(target.Repository, target.Tag, target.Auth, ct), parse.GetValue(quiet) ? null : cli.Out, cli);
            if (status == 0 && parse.GetValue(quiet)) await cli.Out.WriteLineAsync(parse.GetValue(image));
            return status;
        });
        return command;
    }
}
