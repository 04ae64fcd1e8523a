using System.Text;

namespace Berth.Registry.Client;

/// <summary>
/// One challenge of a <c>WWW-Authenticate</c> header (RFC 7235): a scheme (<c>Bearer</c>, <c>Basic</c>) and its
/// parameters (<c>realm</c>, <c>service</c>, <c>scope</c>, <c>error</c>), names lower-cased, values unquoted.
/// </summary>
public sealed record AuthChallenge(string Scheme, IReadOnlyDictionary<string, string> Parameters)
{
    public string? this[string name] => Parameters.GetValueOrDefault(name);

    public bool IsBearer => Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase);
    public bool IsBasic => Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase);

    /// <summary>Every challenge in one header value; a header may hold several, separated by commas.</summary>
    public static IReadOnlyList<AuthChallenge> Parse(string header)
    {
        var challenges = new List<AuthChallenge>();
        var reader = new Reader(header);
        while (true)
        {
            reader.SkipSeparators();
            var scheme = reader.Token();
            if (scheme.Length == 0) break;
            var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            while (true)
            {
                reader.SkipSeparators();
                var mark = reader.Position;
                var name = reader.Token();
                reader.SkipSpaces();
                if (name.Length == 0 || !reader.Take('='))
                {
                    // A token without '=' starts the next challenge.
                    reader.Position = mark;
                    break;
                }
                reader.SkipSpaces();
                parameters[name.ToLowerInvariant()] = reader.Peek() == '"' ? reader.Quoted() : reader.Token();
            }
            challenges.Add(new AuthChallenge(scheme, parameters));
        }
        return challenges;
    }

    private sealed class Reader(string text)
    {
        public int Position { get; set; }

        public char Peek() => Position < text.Length ? text[Position] : '\0';

        public bool Take(char c)
        {
            if (Peek() != c) return false;
            Position++;
            return true;
        }

        public void SkipSpaces()
        {
            while (Position < text.Length && char.IsWhiteSpace(text[Position])) Position++;
        }

        public void SkipSeparators()
        {
            while (Position < text.Length && (char.IsWhiteSpace(text[Position]) || text[Position] == ',')) Position++;
        }

        /// <summary>An RFC 7230 token (plus '/', which token68 values such as base64 may hold).</summary>
        public string Token()
        {
            var start = Position;
            while (Position < text.Length && IsTokenChar(text[Position])) Position++;
            return text[start..Position];
        }

        public string Quoted()
        {
            Position++; // opening quote
            var value = new StringBuilder();
            while (Position < text.Length && text[Position] != '"')
            {
                if (text[Position] == '\\' && Position + 1 < text.Length) Position++;
                value.Append(text[Position++]);
            }
            Position++; // closing quote (or end)
            return value.ToString();
        }

        private static bool IsTokenChar(char c) =>
            char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~/:".Contains(c);
    }
}
