namespace Berth.Cli.Commands;

/// <summary>Opens a file argument for streaming, with docker's message when it is missing.</summary>
internal static class InputFile
{
    public static FileStream Open(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CliUsageException($"open {path}: no such file or directory");
        }
    }
}
