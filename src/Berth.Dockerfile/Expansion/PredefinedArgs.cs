namespace Berth.Dockerfile.Expansion;

/// <summary>A platform as the predefined ARGs describe it (<c>linux/arm64/v8</c>).</summary>
internal sealed record BuildPlatform(string Os, string Architecture, string? Variant = null, string? OsVersion = null)
{
    /// <summary><c>os/arch[/variant]</c>, the form of BUILDPLATFORM and TARGETPLATFORM.</summary>
    public override string ToString() => Variant is { Length: > 0 } ? $"{Os}/{Architecture}/{Variant}" : $"{Os}/{Architecture}";
}

/// <summary>
/// The ARGs BuildKit predefines. The proxy ones may be passed with --build-arg without an ARG line and are
/// left out of image history; the platform ones are always in the global scope (a stage sees one only after
/// declaring it with a bare <c>ARG NAME</c>).
/// </summary>
internal static class PredefinedArgs
{
    /// <summary>Proxy build args, usable without being declared.</summary>
    public static readonly IReadOnlyList<string> Proxy =
    [
        "HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "FTP_PROXY", "ftp_proxy",
        "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy",
    ];

    /// <summary>The platform and target args, in BuildKit's order.</summary>
    public static readonly IReadOnlyList<string> Platform =
    [
        "BUILDPLATFORM", "BUILDOS", "BUILDOSVERSION", "BUILDARCH", "BUILDVARIANT",
        "TARGETPLATFORM", "TARGETOS", "TARGETOSVERSION", "TARGETARCH", "TARGETVARIANT", "TARGETSTAGE",
    ];

    /// <summary>
    /// The values of <see cref="Platform"/> for a build on <paramref name="build"/> targeting
    /// <paramref name="target"/>; a <paramref name="overrides"/> entry (a --build-arg) replaces a value.
    /// </summary>
    /// <param name="targetStage">The --target stage, "default" when building the last stage.</param>
    public static IReadOnlyDictionary<string, string> Values(
        BuildPlatform build,
        BuildPlatform target,
        string? targetStage,
        IReadOnlyDictionary<string, string>? overrides = null)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["BUILDPLATFORM"] = build.ToString(),
            ["BUILDOS"] = build.Os,
            ["BUILDOSVERSION"] = build.OsVersion ?? "",
            ["BUILDARCH"] = build.Architecture,
            ["BUILDVARIANT"] = build.Variant ?? "",
            ["TARGETPLATFORM"] = target.ToString(),
            ["TARGETOS"] = target.Os,
            ["TARGETOSVERSION"] = target.OsVersion ?? "",
            ["TARGETARCH"] = target.Architecture,
            ["TARGETVARIANT"] = target.Variant ?? "",
            ["TARGETSTAGE"] = string.IsNullOrEmpty(targetStage) ? "default" : targetStage,
        };
        if (overrides is not null)
        {
            foreach (var name in Platform)
            {
                if (overrides.TryGetValue(name, out var value))
                {
                    values[name] = value;
                }
            }
        }
        return values;
    }

    public static bool IsProxy(string name) => Proxy.Contains(name, StringComparer.Ordinal);
}
