using System.Formats.Tar;
using System.IO.Compression;
using Berth.Images.Content;
using Berth.Oci;

namespace Berth.Engine.Tests.Snapshots;

/// <summary>A layer made in memory: its uncompressed tar (whose digest is the diff ID) and the blob stored for it.</summary>
internal sealed record TestLayer(byte[] Tar, byte[] Blob)
{
    public Digest DiffId => Digest.Compute(Tar);

    /// <summary>
    /// A tar of <paramref name="entries"/>: a name ending in '/' is a directory, anything else a file with
    /// that content (a whiteout is a file named <c>.wh.NAME</c>).
    /// </summary>
    public static TestLayer Of(params (string Name, string Content)[] entries)
    {
        var tar = Write(entries);
        return new(tar, tar);
    }

    public static TestLayer Gzipped(params (string Name, string Content)[] entries)
    {
        var tar = Write(entries);
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(tar);
        }
        return new(tar, output.ToArray());
    }

    /// <summary>A tar of hard links, each (name, target), to files that may be in a lower layer.</summary>
    public static TestLayer WithHardLink(params (string Name, string Target)[] links)
    {
        using var output = new MemoryStream();
        using (var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, target) in links)
            {
                writer.WriteEntry(new PaxTarEntry(TarEntryType.HardLink, name) { LinkName = target, Mode = (UnixFileMode)0b110_100_100 });
            }
        }
        var tar = output.ToArray();
        return new(tar, tar);
    }

    /// <summary>Stores the layers' blobs and a config listing <paramref name="diffIds"/> (default: the layers' own).</summary>
    public static async Task<(ImageManifest Manifest, ImageConfig Config)> StoreImageAsync(ContentStore content, IReadOnlyList<TestLayer> layers, IReadOnlyList<Digest>? diffIds = null)
    {
        var descriptors = new List<Descriptor>();
        foreach (var layer in layers)
        {
            descriptors.Add(await content.WriteBytesAsync(layer.Blob, MediaTypes.OciLayer, CancellationToken.None));
        }
        var config = new ImageConfig { RootFs = new RootFs { DiffIds = (diffIds ?? layers.Select(layer => layer.DiffId).ToList()).Select(id => id.ToString()).ToList() } };
        var manifest = new ImageManifest
        {
            MediaType = MediaTypes.OciManifest,
            Config = new Descriptor { MediaType = MediaTypes.OciConfig, Digest = Digest.Compute([]).ToString(), Size = 0 },
            Layers = descriptors,
        };
        return (manifest, config);
    }

    private static byte[] Write((string Name, string Content)[] entries)
    {
        using var output = new MemoryStream();
        using (var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                var isDirectory = name.EndsWith('/');
                var entry = new PaxTarEntry(isDirectory ? TarEntryType.Directory : TarEntryType.RegularFile, name)
                {
                    Mode = isDirectory ? (UnixFileMode)0b111_101_101 : (UnixFileMode)0b110_100_100,
                    ModificationTime = new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero),
                };
                if (!isDirectory)
                {
                    entry.DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content));
                }
                writer.WriteEntry(entry);
            }
        }
        return output.ToArray();
    }
}
