using Berth.Dockerfile.Shell;

namespace Berth.Dockerfile.Tests.Shell;

public sealed class ShellLexerTests
{
    private static readonly VariableLookup Env = VariableLookups.FromEnvList(
        ["HOME=/root", "EMPTY=", "NAME=world", "SPACED=a  b", "FILE=archive.tar.gz", "PATHS=/usr/local/bin:/usr/bin"]);

    public static TheoryData<string, string> Words() => new()
    {
        { "plain", "plain" },
        { "$HOME", "/root" },
        { "${HOME}", "/root" },
        { "he${NAME}xx", "heworldxx" },
        { "$HOME/sub", "/root/sub" },
        { "$UNSET", "" },
        { "a$UNSET-b", "a-b" },
        { "$", "$" },
        { "$.", "$." },
        { "$1x", "x" },
        { "${UNSET:-default}", "default" },
        { "${EMPTY:-default}", "default" },
        { "${EMPTY-default}", "" },
        { "${UNSET-default}", "default" },
        { "${NAME:-default}", "world" },
        { "${NAME:+alt}", "alt" },
        { "${EMPTY:+alt}", "" },
        { "${EMPTY+alt}", "alt" },
        { "${UNSET+alt}", "" },
        { "${NAME:?msg}", "world" },
        { "${EMPTY?msg}", "" },
        { "${UNSET:-${NAME:-x}}", "world" },
        { "${UNSET:-$HOME}", "/root" },
        { "${UNSET:-\\$HOME}", "$HOME" },
        { "${FILE#*.}", "tar.gz" },
        { "${FILE##*.}", "gz" },
        { "${FILE%.*}", "archive.tar" },
        { "${FILE%%.*}", "archive" },
        { "${PATHS/bin/sbin}", "/usr/local/sbin:/usr/bin" },
        { "${PATHS//bin/sbin}", "/usr/local/sbin:/usr/sbin" },
        { "'$HOME'", "$HOME" },
        { "\"$HOME\"", "/root" },
        { "\"he'$NAME'\"", "he'world'" },
        { "'\"quoted\"'", "\"quoted\"" },
        { "he'll'o", "hello" },
        { "\\$HOME", "$HOME" },
        { "\\\\$HOME", "\\/root" },
        { "\"\\$HOME\"", "$HOME" },
        { "abc\\tdef", "abctdef" },
        { "\"abc\\tdef\"", "abc\\tdef" },
        { "'abc\\tdef'", "abc\\tdef" },
        { "'hello\\'", "hello\\" },
        { "hello\\", "hello" },
        { "hello\\\\", "hello\\" },
        { "Rex\\ The\\ Dog", "Rex The Dog" },
        { "\"a  b\"", "a  b" },
        { "$SPACED", "a  b" },
        { "안'녕'하세요", "안녕하세요" },
        { "${aaa}}", "}" },
        { "${aaa:-bbb {foo}", "bbb {foo" },
    };

    [Theory]
    [MemberData(nameof(Words))]
    public void ProcessWordExpandsAndUnquotes(string input, string expected) =>
        Assert.Equal(expected, new ShellLexer().ProcessWord(input, Env));

    public static TheoryData<string, string> Errors() => new()
    {
        { "he'llo", "failed to process \"he'llo\": unexpected end of statement while looking for matching single-quote" },
        { "\"hello", "failed to process \"\\\"hello\": unexpected end of statement while looking for matching double-quote" },
        { "${}", "failed to process \"${}\": syntax error: bad substitution" },
        { "${:-x}", "failed to process \"${:-x}\": syntax error: bad substitution" },
        { "${", "failed to process \"${\": syntax error: missing '}'" },
        { "${NAME:-x", "failed to process \"${NAME:-x\": syntax error: missing '}'" },
        { "${NAME:=x}", "failed to process \"${NAME:=x}\": unsupported modifier (:=) in substitution" },
        { "${NAME.}", "failed to process \"${NAME.}\": unsupported modifier (.) in substitution" },
        { "${NAME:#x}", "failed to process \"${NAME:#x}\": unsupported modifier (:#) in substitution" },
        { "${UNSET?}", "failed to process \"${UNSET?}\": UNSET: is not allowed to be unset" },
        { "${EMPTY:?}", "failed to process \"${EMPTY:?}\": EMPTY: is not allowed to be empty" },
        { "${UNSET:?need it for $NAME}", "failed to process \"${UNSET:?need it for $NAME}\": UNSET: need it for world" },
        { "${NAME#\\x}", "failed to process \"${NAME#\\\\x}\": invalid pattern (\\x) in substitution: invalid escape '\\x'" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void ProcessWordReportsBuildKitErrors(string input, string message)
    {
        var error = Assert.Throws<ShellExpansionException>(() => new ShellLexer().ProcessWord(input, Env));
        Assert.Equal(message, error.Message);
    }

    public static TheoryData<string, string[]> SplitWords() => new()
    {
        { "hello there", ["hello", "there"] },
        { "  lead   trail  ", ["lead", "trail"] },
        { "hello\\ there", ["hello there"] },
        { "hello\" there  \"", ["hello there  "] },
        { "x $SPACED y", ["x", "a", "b", "y"] },
        { "x\"$SPACED\"y", ["xa  by"] },
        { "80 ${PORTS:-443 8443}", ["80", "443", "8443"] },
        { "'' \"\" kept", ["kept"] },
        { "<< EOF cat", ["<< EOF", "cat"] },
    };

    [Theory]
    [MemberData(nameof(SplitWords))]
    public void ProcessWordsSplitsLikeAShell(string input, string[] expected) =>
        Assert.Equal(expected, new ShellLexer().ProcessWords(input, Env));

    [Fact]
    public void BacktickEscapeLeavesBackslashesAlone()
    {
        var lexer = new ShellLexer('`');
        Assert.Equal("c:\\temp", lexer.ProcessWord("c:\\temp", Env));
        Assert.Equal("say \"hi\"", lexer.ProcessWord("\"say `\"hi`\"\"", Env));
        Assert.Equal("$HOME", lexer.ProcessWord("`$HOME", Env));
    }

    [Fact]
    public void SkipUnsetEnvKeepsUnsetReferencesAsWritten()
    {
        var lexer = new ShellLexer { SkipUnsetEnv = true };
        Assert.Equal("$UNSET ${UNSET} ${UNSET:-x} world", lexer.ProcessWord("$UNSET ${UNSET} ${UNSET:-x} $NAME", Env));
    }

    [Fact]
    public void RawQuotesAndEscapesKeepTheirCharacters()
    {
        var lexer = new ShellLexer { RawQuotes = true, RawEscapes = true };
        Assert.Equal("'a b' \"c\" d\\ e", lexer.ProcessWord("'a b' \"c\" d\\ e", Env));
    }

    [Fact]
    public void SkipProcessQuotesExpandsInsideQuotes()
    {
        var lexer = new ShellLexer { SkipProcessQuotes = true };
        Assert.Equal("echo 'world' \"/root\"\n", lexer.ProcessWord("echo '$NAME' \"$HOME\"\n", Env));
    }

    [Fact]
    public void ReportsMatchedAndUnmatchedVariables()
    {
        var result = new ShellLexer().Process("$NAME ${UNSET:-x} $EMPTY", Env);
        Assert.Equal(["EMPTY", "NAME"], result.Matched.Order());
        Assert.Equal(["UNSET"], result.Unmatched);
        Assert.Equal("world x ", result.Result);
    }
}
