using System.Text;

namespace SchoolAssessment.Features.Documents;

/// <summary>
/// Chinese typesetting for formal documents: a comma, colon, semicolon, parenthesis, question or exclamation mark
/// written in ASCII next to Chinese text becomes its full-width form (，：；（）？！), as GB/T 9704 documents set it.
/// Punctuation between Latin letters or digits ("2.5", "A1,A2", "10:30") is left alone.
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
        var result = new StringBuilder(text.Length);
        // A closing parenthesis takes the form of its opening one, so a pair never mixes widths.
        var opened = new Stack<bool>();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!FullWidth.TryGetValue(c, out var wide))
            {
                result.Append(c);
                continue;
            }

            var chinese = (i > 0 && IsChinese(text[i - 1])) || (i + 1 < text.Length && IsChinese(text[i + 1]));
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

    private static bool Push(Stack<bool> stack, bool value)
    {
        stack.Push(value);
        return value;
    }

    /// <summary>Han characters and the full-width punctuation around them.</summary>
    private static bool IsChinese(char c) => c is >= '\u4e00' and <= '\u9fff' or >= '\u3000' and <= '\u303f' or >= '\uff00' and <= '\uffef' or '“' or '”';
}
