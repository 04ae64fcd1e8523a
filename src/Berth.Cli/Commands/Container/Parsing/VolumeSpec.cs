namespace Berth.Cli.Commands.Container.Parsing;

/// <summary>
/// One <c>-v</c>: <c>HOST:CTR[:opts]</c> and <c>NAME:CTR[:opts]</c> become HostConfig.Binds strings (the daemon
/// tells binds from named volumes); a lone <c>CTR</c> is an anonymous volume in Config.Volumes. As docker does,
/// a relative host path starting with "." is made absolute against the CLI's working directory.
/// </summary>
internal static class VolumeSpec
{
    /// <returns>The Binds entry, or null when the spec is an anonymous volume (its path is then the spec).</returns>
    public static string? ToBind(string spec, string workingDirectory)
    {
        if (spec.Length == 0) throw new ContainerOptionsException("invalid empty volume spec");
        var parts = spec.Split(':');
        if (parts.Length > 3) throw new ContainerOptionsException($"invalid spec: {spec}: too many colons");
        if (parts.Length == 1) return null;
        if (parts[0].Length == 0) throw new ContainerOptionsException($"invalid spec: {spec}: empty section between colons");
        if (parts[1].Length == 0) throw new ContainerOptionsException($"invalid spec: {spec}: empty section between colons");
        var host = parts[0];
        if (host.StartsWith('.')) host = Path.GetFullPath(host, workingDirectory);
        return host + spec[parts[0].Length..];
    }
}
