using Berth.Api.Auth;

namespace Berth.Cli.Commands.Image;

/// <summary>
/// What pull and push both make of <c>NAME[:TAG]</c> and <c>-a</c>, as the docker CLI does: the repository, the tag
/// (<c>latest</c> when none is given, which it says unless quiet; none with <c>-a</c>), and the login stored for the
/// repository's registry.
/// </summary>
internal sealed record TransferTarget(string Repository, string? Tag, AuthConfig? Auth)
{
    public static async Task<TransferTarget> ResolveAsync(string image, bool allTags, bool quiet, TextWriter output)
    {
        var (repository, tag) = ImageName.Split(image);
        if (allTags && tag is not null) throw new CliUsageException("tag can't be used with --all-tags/-a");
        if (!allTags && tag is null)
        {
            tag = "latest";
            if (!quiet) await output.WriteLineAsync("Using default tag: latest");
        }
        return new TransferTarget(repository, tag, DockerConfigFile.Default().Get(RegistryServer.DomainOf(repository)));
    }
}
