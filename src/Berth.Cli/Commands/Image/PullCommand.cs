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
            var reference = ImageName.Split(parse.GetValue(image)!);
            var all = parse.GetValue(allTags);
            if (all && reference.TagOrDigest is not null) throw new CliUsageException("tag can't be used with --all-tags/-a");
            var tag = reference.TagOrDigest;
            if (!all && tag is null)
            {
                tag = "latest";
                if (!parse.GetValue(quiet)) await cli.Out.WriteLineAsync("Using default tag: latest");
            }
            var auth = DockerConfigFile.Default().Get(RegistryServer.DomainOf(reference.Repository));
            var messages = cli.Client.PullAsync(reference.Repository, tag, parse.GetValue(platform), auth, ct);
            var status = await ProgressMessages.PrintAsync(messages, parse.GetValue(quiet) ? null : cli.Out, cli);
            if (status == 0 && !all) await cli.Out.WriteLineAsync(ImageName.Canonical(reference.Repository, tag!));
            return status;
        });
        return command;
    }
}
