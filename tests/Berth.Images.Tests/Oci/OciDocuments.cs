using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Berth.Oci;

namespace Berth.Images.Tests.Oci;

/// <summary>Reads documents with the context Berth reads with, and writes them with the one it writes with.</summary>
public static class OciDocuments
{
    public static ImageIndex ReadIndex(byte[] json) => JsonSerializer.Deserialize(json, OciJsonContext.Default.ImageIndex)!;
    public static ImageManifest ReadManifest(byte[] json) => JsonSerializer.Deserialize(json, OciJsonContext.Default.ImageManifest)!;
    public static ImageConfig ReadConfig(byte[] json) => JsonSerializer.Deserialize(json, OciJsonContext.Default.ImageConfig)!;

    public static byte[] Write(ImageIndex index) => JsonSerializer.SerializeToUtf8Bytes(index, OciJson.Writer.ImageIndex);
    public static byte[] Write(ImageManifest manifest) => JsonSerializer.SerializeToUtf8Bytes(manifest, OciJson.Writer.ImageManifest);
    public static byte[] Write(ImageConfig config) => JsonSerializer.SerializeToUtf8Bytes(config, OciJson.Writer.ImageConfig);

    public static string Sha256(byte[] content) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>Asserts a descriptor names exactly these bytes, as a registry or a layout would check it.</summary>
    public static void AssertDescribes(Descriptor descriptor, byte[] content)
    {
        Assert.Equal(Sha256(content), descriptor.Digest);
        Assert.Equal(content.LongLength, descriptor.Size);
    }

    /// <summary>
    /// Media types must read as Go writes them: the default System.Text.Json encoder would turn every '+'
    /// into \u002B, which Go tools accept but which differs from every document they produce.
    /// </summary>
    public static void AssertPlainMediaTypes(byte[] written)
    {
        var text = Encoding.UTF8.GetString(written);
        Assert.DoesNotContain(@"\u002B", text, StringComparison.OrdinalIgnoreCase);
    }
}
