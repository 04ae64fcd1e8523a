using System.Text.Encodings.Web;
using System.Text.Json;

namespace Berth.Dockerfile.Json;

/// <summary>Renders a <see cref="ParsedDockerfile"/> as indented JSON with "\n" line ends.</summary>
internal static class DockerfileJson
{
    // Relaxed escaping keeps quotes, '<' and non-ASCII text readable in the output.
    private static readonly DockerfileJsonContext Context = new(new JsonSerializerOptions(DockerfileJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NewLine = "\n",
    });

    public static string Serialize(ParsedDockerfile dockerfile) =>
        JsonSerializer.Serialize(dockerfile, Context.ParsedDockerfile);
}
