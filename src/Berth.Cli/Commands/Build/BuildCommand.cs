using System.CommandLine;
using Berth.Api.Client;
using Berth.Cli.Commands.Build.Progress;
using Berth.Cli.Commands.Container.Parsing;

namespace Berth.Cli.Commands.Build;

/// <summary>
/// <c>berth build [OPTIONS] PATH | -</c>: sends the context (a directory's through <see cref="ContextSync"/>) to <c>POST /build</c> and prints what the
/// daemon streams back as BuildKit's progress (plain log or terminal view), or only the image ID when quiet.
/// </summary>
internal static class BuildCommand
{
    public static Command Create(string name)
    {
        var tags = new Option<string[]>("--tag", "-t") { Description = "Name and optionally a tag in the \"name:tag\" format" };
        var file = new Option<string?>("--file", "-f") { Description = "Name of the Dockerfile (Default is \"PATH/Dockerfile\")" };
        var buildArgs = new Option<string[]>("--build-arg") { Description = "Set build-time variables" };
        var labels = new Option<string[]>("--label") { Description = "Set metadata for an image" };
        var target = new Option<string?>("--target") { Description = "Set the target build stage to build" };
        var noCache = new Option<bool>("--no-cache") { Description = "Do not use cache when building the image" };
        var pull = new Option<bool>("--pull") { Description = "Always attempt to pull a newer version of the image" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Suppress the build output and print image ID on success" };
        var iidFile = new Option<string?>("--iidfile") { Description = "Write the image ID to the file" };
        var progress = new Option<string>("--progress") { Description = "Set type of progress output (auto, plain, tty, quiet)", DefaultValueFactory = _ => "auto" };
        var network = new Option<string?>("--network") { Description = "Set the networking mode for the RUN instructions during build" };
        var platform = new Option<string?>("--platform") { Description = "Set platform if server is multi-platform capable" };
        var secrets = new Option<string[]>("--secret") { Description = "Secret to expose to the build (format: \"id=mysecret[,src=/local/secret]\")" };
        var path = new Argument<string>("PATH | URL | -");
        var command = new Command(name, "Build an image from a Dockerfile")
        {
            tags, file, buildArgs, labels, target, noCache, pull, quiet, iidFile, progress, network, platform, secrets, path,
        };
        CliCommand.SetHandler(command, async (parse, cli, ct) =>
        {
            // Progress goes to stderr, as docker's: stdout stays for the image ID of -q.
            var mode = ProgressModes.Resolve(parse.GetValue(progress)!, parse.GetValue(quiet), !Console.IsErrorRedirected);
            var silent = mode == ProgressMode.Quiet;
            var source = await BuildSource.OpenAsync(parse.GetValue(path)!, parse.GetValue(file), ct);
            await using (source)
            {
                var parameters = new BerthClient.BuildParameters
                {
                    Tags = parse.GetValue(tags) ?? [],
                    Dockerfile = source.DockerfileName,
                    BuildArgs = BuildArguments(parse.GetValue(buildArgs) ?? []),
                    Labels = Labels.ToMap(parse.GetValue(labels) ?? []),
                    Target = parse.GetValue(target),
                    NoCache = parse.GetValue(noCache),
                    Pull = parse.GetValue(pull),
                    Quiet = silent,
                    NetworkMode = parse.GetValue(network),
                    Platform = parse.GetValue(platform),
                    Secrets = await SecretSpecs.ReadAsync(parse.GetValue(secrets) ?? [], ct),
                };
                var printer = ProgressPrinters.Create(mode, cli.Error, TimeProvider.System);
                var messages = source.Directory is null
                    ? cli.Client.BuildAsync(source.OpenContext(null, ct), parameters, ct)
                    : ContextSync.BuildAsync(cli.Client, source, parameters, ct);
                return await BuildStreamPrinter.PrintAsync(messages, printer, cli.Out, cli.Error, parse.GetValue(iidFile), ct);
            }
        });
        return command;
    }

    /// <summary><c>--build-arg KEY=VALUE</c>, or <c>KEY</c> alone for the value in this environment (null when unset there).</summary>
    internal static Dictionary<string, string?> BuildArguments(IEnumerable<string> values)
    {
        var map = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var eq = value.IndexOf('=');
            if (eq < 0) map[value] = Environment.GetEnvironmentVariable(value);
            else map[value[..eq]] = value[(eq + 1)..];
        }
        return map;
    }
}
