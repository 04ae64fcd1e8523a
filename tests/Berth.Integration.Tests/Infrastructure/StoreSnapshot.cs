namespace Berth.Integration.Tests.Infrastructure;

/// <summary>What a daemon's stores hold: every blob file and every image ID and name. Equal snapshots mean an
/// operation left the stores unchanged.</summary>
public sealed record StoreSnapshot(string Blobs, string Images)
{
    public static async Task<StoreSnapshot> TakeAsync(BerthDaemon daemon)
    {
        var blobDir = Path.Combine(daemon.DataRoot, "content", "blobs", "sha256");
        var blobs = Directory.Exists(blobDir) ? string.Join('\n', Directory.GetFiles(blobDir).Select(Path.GetFileName).Order()) : "";
        var images = await daemon.BerthAsync("images", "--no-trunc", "--format", "{{.ID}} {{.Repository}}:{{.Tag}}");
        images.AssertSuccess();
        return new StoreSnapshot(blobs, images.Stdout);
    }

    public static int IngestFileCount(BerthDaemon daemon)
    {
        var ingest = Path.Combine(daemon.DataRoot, "content", "ingest");
        return Directory.Exists(ingest) ? Directory.GetFiles(ingest).Length : 0;
    }
}
