using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace Berth.Images.Tests.Layers;

/// <summary>Builds a layer tar in memory, one PAX entry per call.</summary>
public sealed class TarBuilder
{
    public static readonly DateTimeOffset Time = new(2021, 3, 4, 5, 6, 7, TimeSpan.Zero);

    private readonly MemoryStream _buffer = new();
    private readonly TarWriter _writer;

    public TarBuilder() => _writer = new TarWriter(_buffer, TarEntryFormat.Pax, leaveOpen: true);

    public TarBuilder File(string name, string content, UnixFileMode mode = (UnixFileMode)0x1A4, int uid = 0, int gid = 0,
        IEnumerable<KeyValuePair<string, string>>? pax = null) =>
        Add(new PaxTarEntry(TarEntryType.RegularFile, name, pax ?? [])
        {
            DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)),
            Mode = mode,
            Uid = uid,
            Gid = gid,
            ModificationTime = Time,
        });

    public TarBuilder Dir(string name, UnixFileMode mode = (UnixFileMode)0x1ED, DateTimeOffset? time = null) =>
        Add(new PaxTarEntry(TarEntryType.Directory, name) { Mode = mode, ModificationTime = time ?? Time });

    public TarBuilder Symlink(string name, string target) =>
        Add(new PaxTarEntry(TarEntryType.SymbolicLink, name) { LinkName = target, Mode = (UnixFileMode)0x1FF, ModificationTime = Time });

    public TarBuilder HardLink(string name, string target) =>
        Add(new PaxTarEntry(TarEntryType.HardLink, name) { LinkName = target, Mode = (UnixFileMode)0x1A4, ModificationTime = Time });

    public TarBuilder Device(TarEntryType type, string name, int major, int minor) =>
        Add(new PaxTarEntry(type, name) { DeviceMajor = major, DeviceMinor = minor, Mode = (UnixFileMode)0x1B6, ModificationTime = Time });

    public TarBuilder Fifo(string name) =>
        Add(new PaxTarEntry(TarEntryType.Fifo, name) { Mode = (UnixFileMode)0x1B6, ModificationTime = Time });

    public TarBuilder Add(TarEntry entry)
    {
        _writer.WriteEntry(entry);
        return this;
    }

    public byte[] Build()
    {
        _writer.Dispose();
        return _buffer.ToArray();
    }

    public static byte[] Gzip(byte[] tar)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(tar);
        }
        return output.ToArray();
    }

    public static byte[] Zstd(byte[] tar)
    {
        var output = new MemoryStream();
        using (var zstd = new ZstdSharp.CompressionStream(output, leaveOpen: true))
        {
            zstd.Write(tar);
        }
        return output.ToArray();
    }
}
