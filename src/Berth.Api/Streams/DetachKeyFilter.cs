namespace Berth.Api.Streams;

/// <summary>
/// Watches stdin for the detach sequence (docker's term.EscapeProxy): bytes that start the sequence are held
/// back until it either completes (detach) or breaks off (they are passed on).
/// </summary>
public sealed class DetachKeyFilter(byte[] sequence)
{
    private int _matched;

    /// <returns>true when the sequence completed; <paramref name="output"/> then holds what preceded it.</returns>
    public bool Filter(ReadOnlySpan<byte> input, List<byte> output)
    {
        foreach (var b in input)
        {
            if (b == sequence[_matched])
            {
                if (++_matched == sequence.Length) return true;
                continue;
            }
            for (var i = 0; i < _matched; i++) output.Add(sequence[i]);
            _matched = 0;
            if (b == sequence[0]) _matched = 1;
            else output.Add(b);
        }
        return false;
    }
}
