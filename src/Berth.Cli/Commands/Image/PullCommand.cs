using System.CommandLine;
using Berth.Api.Auth;

namespace Berth.Cli.Commands.Image;

/// <summary><c>berth pull [-a] [--platform P] [-q] NAME[:TAG|@DIGEST]</c>, with the login stored for the image's registry.</summary>
internal static class PullCommand
{
    public static Command Create(string name)
    {
        var allTags = new Option<bool>("--all-tags", "-a") { Description = "Download all tagged images in the repository" };
        var platform = new Option<string?>("--platform") { Description = "Set platform if server is multi-platform capable" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Suppress verbose output" };
        var image = new Argument<string>("NAME[:TAG|@DIGEST]");
        var command = new Command(name, "Download an image from a registry") { allTags, platform, quiet, image };
        CliCommand.SetHandler(command, async (parse, cli, ct) =>
        {
            var all = parse.GetValue(allTags);
            var target = await TransferTarget.ResolveAsync(parse.GetValue(image)!, all, parse.GetValue(quiet), cli.Out);
            var messages = cli.Client.PullAsync(target.Repository, target.Tag, parse.GetValue(platform), target.Auth, ct);
            var status = await ProgressMessages.PrintAsync(messages, parse.GetValue(quiet) ? null : cli.Out, cli);
            if (status == 0 && !all) await cli.Out.WriteLineAsync(ImageName.Canonical(target.Repository, target.Tag!));
            return status;
        });
        return command;
    }
}
