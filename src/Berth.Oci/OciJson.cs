using System.Text.Encodings.Web;
using System.Text.Json;

namespace Berth.Oci;

/// <summary>
/// The context to write OCI documents with. The default encoder escapes <c>+</c>, so every media type
/// would read <c>v1\u002Bjson</c>; Go writes it plainly, and so does this.
/// </summary>
public static class OciJson
{
    public static OciJsonContext Writer { get; } = new(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
