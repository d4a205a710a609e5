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
    [InlineData("乡镇(街道)党校\"六个有\"规范化建设标准", "乡镇（街道）党校“六个有”规范化建设标准")]
    [InlineData("评估反馈意见, 我校得分", "评估反馈意见，我校得分")]
    [InlineData("等级为“优秀”。 对照标准\n逐项检视", "等级为“优秀”。对照标准逐项检视")]
    [InlineData("学习'两个确立'.", "学习‘两个确立’。")]
    [InlineData("第1. 专职教师 10 人", "第1. 专职教师 10 人")] // a number's dot and the blanks around digits stay
    [InlineData("say \"hi\" now", "say \"hi\" now")]
    [InlineData("评估年度：2025年　当前阶段：整改中", "评估年度：2025年　当前阶段：整改中")] // an ideographic space is meant
    public void Punctuation_next_to_chinese_is_set_full_width(string text, string expected) =>
        Assert.Equal(expected, ChineseText.Typeset(text));

    [Fact]
    public void A_title_breaks_only_between_its_words()
    {
        var title = ChineseText.Title("利川市委党校", "关于", "乡镇(街道)党校\"六个有\"规范化建设标准", "<整改方案>").Value;

        Assert.Equal("利川市委党校<wbr>关于<wbr>乡镇（街道）党校“六个有”规范化建设标准<wbr>&lt;整改方案&gt;", title);
    }

    [Theory]
    [InlineData("评估反馈意见, 我校", true)]
    [InlineData("党校\"六个有\"", true)]
    [InlineData("评估反馈意见，我校 A1,A2", false)]
    public void Ascii_punctuation_next_to_chinese_is_found(string text, bool found) =>
        Assert.Equal(found, ChineseText.HasAsciiPunctuationNextToChinese(text));
}
