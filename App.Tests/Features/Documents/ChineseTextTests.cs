using SchoolAssessment.Features.Documents;

namespace SchoolAssessment.Tests.Features.Documents;

public class ChineseTextTests
{
    [Theory]
    [InlineData("专职教师 8人 / 目标10人,差2人,失3分", "专职教师 8人 / 目标10人，差2人，失3分")]
    [InlineData("得分(满分100分):合格;是否达标?是!", "得分（满分100分）：合格；是否达标？是！")]
    [InlineData("教师(2 ab)", "教师（2 ab）")] // the closing parenthesis follows its opening one
    [InlineData("C1(2 人)", "C1(2 人)")] // and stays a pair with it
    [InlineData("A1,A2 at 10:30 (x)", "A1,A2 at 10:30 (x)")] // Latin text stays as it is
    [InlineData("比例 2.5 (0.25)", "比例 2.5 (0.25)")]
    [InlineData("", "")]
    public void Punctuation_next_to_chinese_is_set_full_width(string text, string expected) =>
        Assert.Equal(expected, ChineseText.Typeset(text));
}
