using System.Net;
using System.Text;
using Microsoft.AspNetCore.Components;

namespace SchoolAssessment.Features.Documents;

/// <summary>
/// Chinese typesetting, one step for every text that reaches a document or a page:
/// <list type="bullet">
/// <item>a comma, colon, semicolon, parenthesis, question or exclamation mark, or a full stop written in ASCII next
/// to Chinese text becomes its full-width form (，：；（）？！。), as GB/T 9704 documents set it;</item>
/// <item>straight quotes around or beside Chinese become “” and ‘’;</item>
/// <item>blanks and line breaks between two Chinese characters (a source text's line breaks) go: Chinese sentences
/// run on without spaces.</item>
/// </list>
/// Punctuation between Latin letters or digits ("2.5", "A1,A2", "10:30", "C1(2 人)") is left alone.
/// </summary>
public static class ChineseText
{
    private static readonly Dictionary<char, char> FullWidth = new()
    {
        [','] = '，', [':'] = '：', [';'] = '；', ['('] = '（', [')'] = '）', ['?'] = '？', ['!'] = '！',
    };

    public static string Typeset(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        text = Quotes(text, '"', '“', '”');
        text = Quotes(text, '\'', '‘', '’');
        var result = new StringBuilder(text.Length);
        // A closing parenthesis takes the form of its opening one, so a pair never mixes widths.
        var opened = new Stack<bool>();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            // An ideographic space (U+3000) is set on purpose, between fields of a line: it stays.
            if (char.IsWhiteSpace(c) && c != '\u3000')
            {
                // A run of blanks between two Chinese characters is dropped.
                var end = i;
                while (end < text.Length && char.IsWhiteSpace(text[end]) && text[end] != '\u3000') end++;
                if (result.Length > 0 && IsChinese(result[^1]) && end < text.Length && IsChinese(text[end]))
                {
                    i = end - 1;
                    continue;
                }

                result.Append(c);
                continue;
            }

            if (c == '.')
            {
                // A full stop after Chinese, ending the text or before more Chinese; never a decimal point or "1.".
                var next = NextVisible(text, i + 1);
                result.Append(result.Length > 0 && IsChinese(result[^1]) && (next is null || IsChinese(next.Value)) ? '。' : c);
                continue;
            }

            if (!FullWidth.TryGetValue(c, out var wide))
            {
                result.Append(c);
                continue;
            }

            var chinese = (result.Length > 0 && IsChinese(result[^1])) || (i + 1 < text.Length && IsChinese(text[i + 1]));
            var convert = c switch
            {
                '(' => Push(opened, chinese),
                ')' => opened.Count > 0 ? opened.Pop() : chinese,
                _ => chinese,
            };
            result.Append(convert ? wide : c);
        }

        return result.ToString();
    }

    /// <summary>
    /// A title whose words never break inside: the words are typeset and joined with break opportunities
    /// (<c>&lt;wbr&gt;</c>); the title's CSS sets <c>word-break: keep-all</c>, so a line breaks only between them.
    /// </summary>
    public static MarkupString Title(params string?[] words) =>
        new(string.Join("<wbr>", words.Where(w => !string.IsNullOrEmpty(w)).Select(w => WebUtility.HtmlEncode(Typeset(w)))));

    /// <summary>The title's words as plain text (a PDF's title, a running header).</summary>
    public static string Plain(params string?[] words) => string.Concat(words.Select(Typeset));

    /// <summary>Whether an ASCII punctuation mark or straight quote stands next to a Chinese character (for checks of finished text).</summary>
    public static bool HasAsciiPunctuationNextToChinese(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (",:;()?!\"'".IndexOf(text[i]) < 0) continue;
            if ((i > 0 && IsHan(text[i - 1])) || (i + 1 < text.Length && IsHan(text[i + 1]))) return true;
        }

        return false;
    }

    /// <summary>Straight quotes in pairs: a pair with Chinese inside or beside it becomes curly.</summary>
    private static string Quotes(string text, char straight, char open, char close)
    {
        if (text.IndexOf(straight) < 0) return text;
        var chars = text.ToCharArray();
        var start = -1;
        for (var i = 0; i < chars.Length; i++)
        {
            if (chars[i] != straight) continue;
            if (start < 0)
            {
                start = i;
                continue;
            }

            var chinese = (start > 0 && IsChinese(chars[start - 1])) || (i + 1 < chars.Length && IsChinese(chars[i + 1]))
                || text.AsSpan(start + 1, i - start - 1).ContainsAnyInRange('\u4e00', '\u9fff');
            if (chinese)
            {
                chars[start] = open;
                chars[i] = close;
            }

            start = -1;
        }

        return new string(chars);
    }

    private static char? NextVisible(string text, int from)
    {
        for (var i = from; i < text.Length; i++)
        {
            if (!char.IsWhiteSpace(text[i])) return text[i];
        }

        return null;
    }

    private static bool Push(Stack<bool> stack, bool value)
    {
        stack.Push(value);
        return value;
    }

    private static bool IsHan(char c) => c is >= '\u4e00' and <= '\u9fff' or >= '\u3400' and <= '\u4dbf';

    /// <summary>Han characters and the full-width punctuation around them.</summary>
    private static bool IsChinese(char c) =>
        IsHan(c) || c is >= '\u3000' and <= '\u303f' or >= '\uff00' and <= '\uffef' or '“' or '”' or '‘' or '’' or '—' or '…' or '·';
}
