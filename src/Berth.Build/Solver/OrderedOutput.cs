using System.Text;

namespace Berth.Build.Solver;

/// <summary>
/// The build's output when stages run at once: each stage writes to its own segment, and the segments reach the
/// client in Dockerfile order, as the classic builder's stream (and every printer of it) expects one step after
/// another. The first unfinished segment streams live; a later one is held until those before it finish.
/// </summary>
internal sealed class OrderedOutput(IBuildOutput output, int segments)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly StringBuilder[] _held = [.. Enumerable.Range(0, segments).Select(_ => new StringBuilder())];
    private readonly bool[] _finished = new bool[segments];
    private int _live;

    public IBuildOutput Segment(int index) => new SegmentOutput(this, index);

    /// <summary>Segment <paramref name="index"/> has written all it will; the ones after it may now be shown.</summary>
    public async Task FinishAsync(int index, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _finished[index] = true;
            while (_live < segments && _finished[_live])
            {
                _live++;
                if (_live < segments) await ReleaseHeldAsync(_live, cancellationToken);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>After a failure: whatever is still held goes out, in order, so the failing step's output is seen.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            for (var index = _live; index < segments; index++) await ReleaseHeldAsync(index, cancellationToken);
            _live = segments;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task WriteAsync(int index, string text, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (index == _live) await output.WriteAsync(text, cancellationToken);
            else if (index > _live) _held[index].Append(text);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task ReleaseHeldAsync(int index, CancellationToken cancellationToken)
    {
        if (_held[index].Length == 0) return;
        var text = _held[index].ToString();
        _held[index].Clear();
        await output.WriteAsync(text, cancellationToken);
    }

    private sealed class SegmentOutput(OrderedOutput owner, int index) : IBuildOutput
    {
        public ValueTask WriteAsync(string text, CancellationToken cancellationToken) => new(owner.WriteAsync(index, text, cancellationToken));
    }
}
