using Berth.Images.Content;

namespace Berth.Daemon.Info;

/// <summary>The engine's stable ID (Docker's <c>ID</c> in /info), created once per data root.</summary>
public static class EngineIdentity
{
    public static async Task<string> LoadOrCreateAsync(string dataRoot, CancellationToken cancellationToken)
    {
        var path = Path.Combine(dataRoot, "engine-id");
        if (File.Exists(path)) return (await File.ReadAllTextAsync(path, cancellationToken)).Trim();
        var id = Guid.NewGuid().ToString();
        await FileSync.WriteAtomicAsync(path, System.Text.Encoding.ASCII.GetBytes(id), cancellationToken);
        return id;
    }
}
