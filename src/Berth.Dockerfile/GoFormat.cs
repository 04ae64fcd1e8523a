using System.Text;

namespace Berth.Dockerfile;

/// <summary>Go's <c>%q</c> for strings, so messages match BuildKit's word for word.</summary>
internal static class GoFormat
{
    public static string Quote(string value)
    {
        var result = new StringBuilder("\"");
        foreach (var ch in value)
        {
            result.Append(ch switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(ch) => $"\\x{(int)ch:x2}",
                _ => ch.ToString(),
            });
        }
        return result.Append('"').ToString();
    }
}
