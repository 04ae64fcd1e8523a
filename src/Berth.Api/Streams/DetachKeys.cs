namespace Berth.Api.Streams;

/// <summary>
/// The key sequence that detaches an attached session (the CLI watches for it with a TTY, the daemon always) without stopping the container: docker's default
/// <c>ctrl-p,ctrl-q</c>, or <c>--detach-keys</c> as a comma list of <c>ctrl-&lt;a-z@[\]^_&gt;</c> or single characters.
/// </summary>
public static class DetachKeys
{
    public const string Default = "ctrl-p,ctrl-q";

    /// <exception cref="FormatException">docker's "Invalid detach keys (…) provided".</exception>
    public static byte[] Parse(string keys)
    {
        var bytes = new List<byte>();
        foreach (var key in keys.Split(','))
        {
            if (key.Length == 1)
            {
                bytes.Add((byte)key[0]);
                continue;
            }
            var lower = key.ToLowerInvariant();
            if (lower.Length != 6 || !lower.StartsWith("ctrl-", StringComparison.Ordinal)) throw Invalid(keys);
            var c = lower[5];
            bytes.Add(c switch
            {
                >= 'a' and <= 'z' => (byte)(c - 'a' + 1),
                '@' => 0,
                '[' => 27,
                '\\' => 28,
                ']' => 29,
                '^' => 30,
                '_' => 31,
                _ => throw Invalid(keys),
            });
        }
        return [.. bytes];
    }

    private static FormatException Invalid(string keys) => new($"Invalid detach keys ({keys}) provided");
}
