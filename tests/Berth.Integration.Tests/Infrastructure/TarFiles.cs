using System.Formats.Tar;

namespace Berth.Integration.Tests.Infrastructure;

/// <summary>Small hand-made tarballs for the bad-input tests.</summary>
public static class TarFiles
{
    public static void Write(string path, params (string Name, string Content)[] files)
    {
        using var stream = File.Create(path);
        using var writer = new TarWriter(stream, TarEntryFormat.Pax);
        foreach (var (name, content) in files)
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content)) };
            writer.WriteEntry(entry);
        }
    }

    public static void WriteHardLink(string path, string name, string target)
    {
        using var stream = File.Create(path);
        using var writer = new TarWriter(stream, TarEntryFormat.Pax);
        writer.WriteEntry(new PaxTarEntry(TarEntryType.HardLink, name) { LinkName = target });
    }

    /// <summary>Copies the first <paramref name="fraction"/> of a file, as a download cut short would.</summary>
    public static void Truncate(string source, string destination, double fraction)
    {
        var bytes = File.ReadAllBytes(source);
        File.WriteAllBytes(destination, bytes[..(int)(bytes.Length * fraction)]);
    }

    /// <summary>A tar with one file of <paramref name="size"/> random (incompressible) bytes, streamed to disk.</summary>
    public static void WriteRandom(string path, string name, long size)
    {
        var data = Path.GetTempFileName();
        try
        {
            using (var file = File.Create(data))
            {
                var buffer = new byte[1 << 20];
                for (long written = 0; written < size; written += buffer.Length)
                {
                    Random.Shared.NextBytes(buffer);
                    file.Write(buffer, 0, (int)Math.Min(buffer.Length, size - written));
                }
            }
            using var stream = File.Create(path);
            using var writer = new TarWriter(stream, TarEntryFormat.Pax);
            writer.WriteEntry(data, name);
        }
        finally
        {
            File.Delete(data);
        }
    }
}
