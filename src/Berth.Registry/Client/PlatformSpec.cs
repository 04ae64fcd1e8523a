using System.Runtime.InteropServices;
using Berth.Oci;

namespace Berth.Registry.Client;

/// <summary>
/// A platform as <c>--platform</c> spells it (<c>linux/amd64</c>, <c>linux/arm64/v8</c>, <c>amd64</c>), normalised
/// as containerd's platforms package does, and the choice of one manifest out of an index.
/// </summary>
public sealed record PlatformSpec(string Os, string Architecture, string? Variant)
{
    /// <summary>The host's platform (a pull's default).</summary>
    public static PlatformSpec Host { get; } = new("linux", HostArchitecture(), RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.Arm64 ? "v8" : null);

    public static PlatformSpec Parse(string value)
    {
        var parts = value.Trim().ToLowerInvariant().Split('/');
        if (parts.Any(p => p.Length == 0) || parts.Length > 3)
            throw BerthException.Invalid($"\"{value}\": unknown operating system or architecture: invalid argument");
        return parts.Length switch
        {
            1 when IsOs(parts[0]) => new PlatformSpec(parts[0], Host.Architecture, Host.Variant),
            1 => Normalize("linux", parts[0], null),
            2 => Normalize(parts[0], parts[1], null),
            _ => Normalize(parts[0], parts[1], parts[2]),
        };
    }

    public override string ToString() => Variant is null ? $"{Os}/{Architecture}" : $"{Os}/{Architecture}/{Variant}";

    /// <summary>
    /// The manifest of <paramref name="index"/> for this platform: an exact variant match first, then one without a
    /// variant (arm64 images often omit v8); null when the index has none for it.
    /// </summary>
    public Descriptor? Select(ImageIndex index)
    {
        var candidates = index.Manifests
            .Where(m => MediaTypes.IsManifest(m.MediaType) && m.Platform is { } p
                && string.Equals(p.Os, Os, StringComparison.OrdinalIgnoreCase)
                && Normalize(p.Os, p.Architecture, p.Variant) is var n && n.Architecture == Architecture)
            .ToList();
        return candidates.FirstOrDefault(m => VariantOf(m.Platform!) == Variant)
            ?? candidates.FirstOrDefault(m => VariantOf(m.Platform!) is null)
            ?? (Variant is null ? candidates.FirstOrDefault() : null);
    }

    public bool Matches(string? os, string? architecture, string? variant) =>
        os is not null && architecture is not null && string.Equals(os, Os, StringComparison.OrdinalIgnoreCase)
        && Normalize(os, architecture, variant) is var n && n.Architecture == Architecture && (Variant is null || n.Variant is null || n.Variant == Variant);

    private string? VariantOf(Platform platform) => Normalize(platform.Os, platform.Architecture, platform.Variant).Variant;

    private static PlatformSpec Normalize(string os, string architecture, string? variant)
    {
        os = os.ToLowerInvariant();
        architecture = architecture.ToLowerInvariant();
        variant = string.IsNullOrEmpty(variant) ? null : variant.ToLowerInvariant();
        return architecture switch
        {
            "x86_64" or "x86-64" or "amd64" => new PlatformSpec(os, "amd64", variant == "v1" ? null : variant),
            "aarch64" or "arm64" => new PlatformSpec(os, "arm64", variant is null or "8" or "v8" ? "v8" : variant),
            "armhf" => new PlatformSpec(os, "arm", "v7"),
            "armel" => new PlatformSpec(os, "arm", "v6"),
            "arm" => new PlatformSpec(os, "arm", variant is null ? "v7" : variant.StartsWith('v') ? variant : "v" + variant),
            "i386" or "i686" or "386" => new PlatformSpec(os, "386", variant),
            _ => new PlatformSpec(os, architecture, variant),
        };
    }

    private static bool IsOs(string value) => value is "linux" or "windows" or "darwin" or "freebsd";

    private static string HostArchitecture() => RuntimeInformation.OSArchitecture switch
    {
        System.Runtime.InteropServices.Architecture.X64 => "amd64",
        System.Runtime.InteropServices.Architecture.Arm64 => "arm64",
        System.Runtime.InteropServices.Architecture.Arm => "arm",
        System.Runtime.InteropServices.Architecture.X86 => "386",
        System.Runtime.InteropServices.Architecture.S390x => "s390x",
        System.Runtime.InteropServices.Architecture.Ppc64le => "ppc64le",
        _ => RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant(),
    };
}
