using Berth.Storage;

namespace Berth.Engine.Tests.Snapshots;

public sealed class NativeUnpackerTests : UnpackerSuite
{
    protected override string Name => Snapshotters.Native;
}
