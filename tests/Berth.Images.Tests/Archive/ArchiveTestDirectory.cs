using System.Formats.Tar;
using System.Text;
using Berth.Images.Archive;
using Berth.Images.Content;
using Berth.Images.References;
using Berth.Images.Tests.Layers;
using Berth.Oci;

namespace Berth.Images.Tests.Archive;

/// <summary>A temp folder with a source and a target content store, removed on dispose.</summary>
public abstract class ArchiveTestDirectory : IDisposable
{
    protected ArchiveTestDirectory()
    {
        Root = Directory.CreateTempSubdirectory("berth-archive-").FullName;
        Source = new ContentStore(Path.Join(Root, "source"));
        Target = new ContentStore(Path.Join(Root, "target"));
    }

    protected string Root { get; }
    protected ContentStore Source { get; }
    protected ContentStore Target { get; }

    protected static ImageReference Name(string value) => ImageReference.Parse(value);

    protected async Task<byte[]> SaveAsync(params SaveItem[] items)
    {
        var output = new MemoryStream();
        await ArchiveWriter.WriteAsync(Source, items, output, default);
        return output.ToArray();
    }

    /// <summary>Loads into the target store from a stream that, like a request body, cannot seek and refuses synchronous reads.</summary>
    protected Task<IReadOnlyList<LoadedImage>> LoadAsync(byte[] archive) =>
        ArchiveLoader.LoadAsync(Target, AsyncOnlyStream.ForReading(archive), default);

    protected Task<BerthException> LoadFailsAsync(byte[] archive) =>
        Assert.ThrowsAsync<BerthException>(() => LoadAsync(archive));

    protected static List<TarEntry> Entries(byte[] archive)
    {
        var entries = new List<TarEntry>();
        using var reader = new TarReader(new MemoryStream(archive));
        while (reader.GetNextEntry(copyData: true) is { } entry) entries.Add(entry);
        return entries;
    }

    /// <summary>An OCI image layout tar, as <c>tar -C layout .</c> makes it: the given index.json and blobs of the source store.</summary>
    protected async Task<byte[]> LayoutArchiveAsync(string indexJson, params IEnumerable<Digest> blobs)
    {
        var tar = new TarBuilder().Dir("./").File("./oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}").File("./index.json", indexJson);
        foreach (var blob in blobs.Distinct())
        {
            tar.Add(FileEntry($"./blobs/sha256/{blob.Hex}", await Source.ReadAllBytesAsync(blob, default)));
        }
        return tar.Build();
    }

    protected static TarEntry FileEntry(string name, byte[] content) =>
        new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content), ModificationTime = TarBuilder.Time };

    protected static TarEntry FileEntry(string name, string content) => FileEntry(name, Encoding.UTF8.GetBytes(content));

    protected static string Text(TarEntry entry) => new StreamReader(entry.DataStream!).ReadToEnd();

    public void Dispose()
    {
        Directory.Delete(Root, recursive: true);
        GC.SuppressFinalize(this);
    }
}
