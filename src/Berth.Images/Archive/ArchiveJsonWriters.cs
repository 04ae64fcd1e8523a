using System.Text.Encodings.Web;
using System.Text.Json;

namespace Berth.Images.Archive;

/// <summary>
/// The context for the archive's own documents, with Go's escaping (see <see cref="Berth.Oci.OciJson"/>).
/// </summary>
internal static class ArchiveJsonWriters
{
    private static JsonSerializerOptions Options => new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static ArchiveJsonContext Archive { get; } = new(Options);
}
