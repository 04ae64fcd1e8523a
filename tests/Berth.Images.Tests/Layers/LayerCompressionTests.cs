using Berth.Images.Layers;

namespace Berth.Images.Tests.Layers;

public sealed class LayerCompressionTests
{
    private static readonly byte[] Tar = new TarBuilder().File("a", "hello").Build();

    [Fact]
    public async Task PlainTarPassesThroughOnANonSeekableStream()
    {
        Assert.Equal(Tar, ReadAll(await LayerCompression.OpenDecompressedAsync(new NonSeekableStream(Tar), default)));
    }

    [Fact]
    public async Task GzipIsDetectedByItsMagic()
    {
        Assert.Equal(Tar, ReadAll(await LayerCompression.OpenDecompressedAsync(new NonSeekableStream(TarBuilder.Gzip(Tar)), default)));
    }

    [Fact]
    public async Task ZstdIsDetectedByItsMagic()
    {
        Assert.Equal(Tar, ReadAll(await LayerCompression.OpenDecompressedAsync(new NonSeekableStream(TarBuilder.Zstd(Tar)), default)));
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x1F })]
    [InlineData(new byte[] { 0x28, 0xB5, 0x2F })]
    public async Task StreamsShorterThanAMagicPassThrough(byte[] data)
    {
        Assert.Equal(data, ReadAll(await LayerCompression.OpenDecompressedAsync(new NonSeekableStream(data), default)));
    }

    private static byte[] ReadAll(Stream stream)
    {
        using (stream)
        {
            var output = new MemoryStream();
            stream.CopyTo(output);
            return output.ToArray();
        }
    }
}
