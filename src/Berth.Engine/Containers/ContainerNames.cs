using System.Text.RegularExpressions;
using Berth.Oci;

namespace Berth.Engine.Containers;

/// <summary>
/// Container names: validation with Docker's rule and message, and Docker-like generated names
/// (<c>adjective_surname</c>) for containers created without one. Names are handled without the leading
/// slash Docker shows; <see cref="Normalize"/> strips it.
/// </summary>
public static partial class ContainerNames
{
    private const string AllowedChars = "[a-zA-Z0-9][a-zA-Z0-9_.-]";
    // How many random pairs to try before giving up on a readable name.
    private const int GenerateAttempts = 8;

    private static readonly string[] Adjectives =
    [
        "agile", "amber", "bold", "brave", "bright", "calm", "candid", "cheerful", "clever", "cosmic",
        "curious", "daring", "dazzling", "eager", "earnest", "fearless", "gentle", "glowing", "happy", "humble",
        "jolly", "keen", "kind", "lively", "lucid", "merry", "mighty", "nimble", "patient", "playful",
        "quiet", "radiant", "serene", "sharp", "steady", "swift", "tender", "upbeat", "vivid", "witty",
    ];

    // Scientists and engineers whose work a container engine quietly stands on.
    private static readonly string[] Surnames =
    [
        "babbage", "backus", "bardeen", "hamming", "boole", "cerf", "church", "codd", "curie", "dijkstra",
        "engelbart", "euler", "faraday", "feynman", "gauss", "goldberg", "hamilton", "hopper", "johnson", "kahn",
        "kernighan", "knuth", "lamarr", "lamport", "liskov", "lovelace", "maxwell", "mccarthy", "meitner", "noether",
        "pascal", "perlman", "ritchie", "shannon", "sutherland", "tesla", "thompson", "torvalds", "turing", "wirth",
    ];

    /// <summary>The name without Docker's leading slash.</summary>
    public static string Normalize(string name) => name.StartsWith('/') ? name[1..] : name;

    /// <summary>Checks a user-given name (with or without the leading slash) and returns it normalised.</summary>
    /// <exception cref="BerthException">InvalidArgument, with Docker's message, naming the input as given.</exception>
    public static string Validate(string name)
    {
        var normalized = Normalize(name);
        if (!ValidName().IsMatch(normalized))
            throw BerthException.Invalid($"Invalid container name ({name}), only {AllowedChars} are allowed");
        return normalized;
    }

    /// <summary>
    /// A random <c>adjective_surname</c> not taken yet. After a collision a digit is appended, which widens the
    /// space tenfold; if every attempt collides, the caller's fallback (Docker uses the short ID) is returned.
    /// </summary>
    public static string Generate(Func<string, bool> isTaken, Random random, string fallback)
    {
        for (var attempt = 0; attempt < GenerateAttempts; attempt++)
        {
            var name = $"{Adjectives[random.Next(Adjectives.Length)]}_{Surnames[random.Next(Surnames.Length)]}";
            if (attempt > 0) name += random.Next(10).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!isTaken(name)) return name;
        }
        return fallback;
    }

    // \z, not $: .NET's $ also matches before a trailing newline.
    [GeneratedRegex($@"^{AllowedChars}+\z")]
    private static partial Regex ValidName();
}
