using Berth.Storage.Diff;

namespace Berth.Storage.Snapshots;

/// <summary>
/// A snapshotter that also writes its active snapshots' changes as layers: what the engine holds, one per
/// data root, and what <see cref="Snapshotters.Open"/> gives.
/// </summary>
public interface ILayerSnapshotter : ISnapshotter, ILayerDiffer;
