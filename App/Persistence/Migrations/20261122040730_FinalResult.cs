using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SchoolAssessment.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class FinalResult : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "FinalGrade",
                table: "Assessments",
                type: "TEXT",
                maxLength: 50,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "FinalTotal",
                table: "Assessments",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "FinalGrade",
                table: "Assessments");

            migrationBuilder.DropColumn(
                name: "FinalTotal",
                table: "Assessments");
        }
    }
}
