namespace Berth.Storage.Diff;

/// <summary>
/// Writes what an active snapshot changed, relative to its parent, as an OCI layer tar: the step between
/// running something in a snapshot (a build's RUN, <c>docker commit</c>) and committing it as an image layer.
/// </summary>
/// <remarks>
/// Call it on an active snapshot after its writers are done and before <see cref="Snapshots.ISnapshotter.CommitAsync"/>
/// (the key is gone after the commit). The snapshot may stay mounted; nothing may write to it meanwhile.
/// The tar is deterministic: the same changes give the same bytes, hence the same <see cref="LayerDiff.DiffId"/>.
/// </remarks>
public interface ILayerDiffer
{
    /// <summary>Writes the changes of the active snapshot <paramref name="key"/> to <paramref name="output"/>, left open.</summary>
    Task<LayerDiff> WriteDiffAsync(string key, Stream output, CancellationToken cancellationToken = default);
}
