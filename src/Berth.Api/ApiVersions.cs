namespace Berth.Api;

/// <summary>The Engine API versions berthd speaks: Docker's range, so any docker client negotiates one.</summary>
public static class ApiVersions
{
    public const string Minimum = "1.24";
    public const string Maximum = "1.51";

    /// <summary>Parses "1.41" into a comparable Version, or null when it is not a version.</summary>
    public static Version? Parse(string value) =>
        Version.TryParse(value, out var version) && version.Build < 0 ? version : null;

    public static bool IsSupported(Version version) =>
        version >= Version.Parse(Minimum) && version <= Version.Parse(Maximum);
}
