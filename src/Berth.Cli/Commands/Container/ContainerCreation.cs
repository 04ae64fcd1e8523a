using System.Net;
using Berth.Api.Client;
using Berth.Api.Models;
using Berth.Cli.Commands.Container.Parsing;

namespace Berth.Cli.Commands.Container;

/// <summary>
/// What run and create share: flag errors worded and coded as docker's (exit 125 with the "--help" hint), the create
/// call with its warnings, and docker's "Unable to find image" line for a missing image, which is then pulled
/// (progress on stderr, as docker prints it) before the create is tried again.
/// </summary>
internal static class ContainerCreation
{
    public const int EngineErrorExitCode = 125;

    public static async Task<ContainerCreateRequest> BuildAsync(string verb, ContainerFlagValues flags, CancellationToken ct)
    {
        try
        {
            return await CreateRequestBuilder.BuildAsync(flags, Environment.GetEnvironmentVariable, Directory.GetCurrentDirectory(), ct);
        }
        catch (FlagValueException e)
        {
            throw new CliExitException(EngineErrorExitCode, $"{e.Message}\n\nUsage:  berth {verb} [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nRun 'berth {verb} --help' for more information");
        }
        catch (ContainerOptionsException e)
        {
            throw new CliExitException(EngineErrorExitCode, WithHelp(verb, e.Message));
        }
    }

    /// <summary>Creates the container and prints the daemon's warnings; a missing image is announced and pulled as docker does.</summary>
    public static async Task<string> CreateAsync(CliContext cli, ContainerCreateRequest request, string? name, CancellationToken ct)
    {
        ContainerCreateResponse created;
        try
        {
            created = await cli.Client.CreateContainerAsync(request, name, ct);
        }
        catch (ApiException e) when (e.Status == HttpStatusCode.NotFound && e.Message.Contains("No such image", StringComparison.Ordinal))
        {
            await cli.Error.WriteLineAsync($"Unable to find image '{WithDefaultTag(request.Image)}' locally");
            await PullAsync(cli, request.Image, ct);
            created = await cli.Client.CreateContainerAsync(request, name, ct);
        }
        foreach (var warning in created.Warnings) await cli.Error.WriteLineAsync($"WARNING: {warning}");
        return created.Id;
    }

    /// <summary>Pulls the image for run or create, printing docker's progress lines on stderr; a failed pull is the daemon's error.</summary>
    private static async Task PullAsync(CliContext cli, string image, CancellationToken ct)
    {
        var (repository, tag) = Image.ImageName.Split(image);
        var auth = Berth.Api.Auth.DockerConfigFile.Default().Get(Berth.Api.Auth.RegistryServer.DomainOf(repository));
        await foreach (var message in cli.Client.PullAsync(repository, tag ?? "latest", platform: null, auth, ct))
        {
            if (message.Error is not null) throw new ApiException(HttpStatusCode.InternalServerError, message.Error);
            if (message.Status is null || message.ProgressDetail is { Current: > 0 }) continue;
            await cli.Error.WriteLineAsync(message.Id is null ? message.Status : $"{message.Id}: {message.Status}");
        }
    }

    /// <summary>docker's withHelp: <c>docker: …</c>, a blank line, and where to find help.</summary>
    public static string WithHelp(string verb, string message) => $"berth: {message}\n\nRun 'berth {verb} --help' for more information";

    /// <summary>
    /// docker's toStatusError for run: 127 when the command was not found, 126 when it could not be executed,
    /// 125 for any other daemon error.
    /// </summary>
    public static CliExitException RunError(ApiException e)
    {
        var message = $"Error response from daemon: {e.Message}";
        var code = e.Message.Contains("executable file not found", StringComparison.Ordinal) || e.Message.Contains("no such file or directory", StringComparison.Ordinal)
            ? 127
            : e.Message.Contains("permission denied", StringComparison.Ordinal) || e.Message.Contains("is a directory", StringComparison.Ordinal)
                ? 126
                : EngineErrorExitCode;
        return new CliExitException(code, WithHelp("run", message));
    }

    /// <summary>reference.FamiliarString of the image with its default tag: <c>alpine</c> → <c>alpine:latest</c>.</summary>
    public static string WithDefaultTag(string image)
    {
        var lastSegment = image[(image.LastIndexOf('/') + 1)..];
        return lastSegment.Contains(':') || lastSegment.Contains('@') ? image : image + ":latest";
    }
}
