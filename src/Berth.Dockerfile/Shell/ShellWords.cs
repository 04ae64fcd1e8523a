using System.Text;

namespace Berth.Dockerfile.Shell;

/// <summary>
/// Collects the words of a processed text: unquoted whitespace (also inside expanded values) separates words,
/// while quoted or escaped text is added raw and never splits. An empty quoted word is dropped, as BuildKit does.
/// </summary>
internal sealed class ShellWords
{
    private readonly StringBuilder _current = new();
    private readonly List<string> _words = [];
    private bool _inWord;

    public void AddChar(char ch)
    {
        if (char.IsWhiteSpace(ch))
        {
            if (_inWord && _current.Length != 0)
            {
                _words.Add(_current.ToString());
                _current.Clear();
                _inWord = false;
            }
            return;
        }
        AddRawChar(ch);
    }

    public void AddRawChar(char ch)
    {
        _current.Append(ch);
        _inWord = true;
    }

    public void AddString(string text)
    {
        foreach (var ch in text)
        {
            AddChar(ch);
        }
    }

    public void AddRawString(string text)
    {
        _current.Append(text);
        _inWord = true;
    }

    public List<string> Finish()
    {
        if (_current.Length > 0)
        {
            _words.Add(_current.ToString());
            _current.Clear();
            _inWord = false;
        }
        return _words;
    }
}
