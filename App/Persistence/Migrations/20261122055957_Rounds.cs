using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SchoolAssessment.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Rounds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "RoundId",
                table: "Assessments",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "ScheduledOn",
                table: "Assessments",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "EvaluationRounds",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    StandardId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    OwnerSchoolId = table.Column<int>(type: "INTEGER", nullable: false),
                    StartsOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    EndsOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Notes = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    ConcurrencyStamp = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EvaluationRounds", x => x.Id);
                    table.ForeignKey(
                        name: "FK_EvaluationRounds_Schools_OwnerSchoolId",
                        column: x => x.OwnerSchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Assessments_RoundId",
                table: "Assessments",
                column: "RoundId");

            migrationBuilder.CreateIndex(
                name: "IX_EvaluationRounds_OwnerSchoolId",
                table: "EvaluationRounds",
                column: "OwnerSchoolId");

            migrationBuilder.CreateIndex(
                name: "IX_EvaluationRounds_StandardId_Year",
                table: "EvaluationRounds",
                columns: new[] { "StandardId", "Year" });

            migrationBuilder.AddForeignKey(
                name: "FK_Assessments_EvaluationRounds_RoundId",
                table: "Assessments",
                column: "RoundId",
                principalTable: "EvaluationRounds",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Assessments_EvaluationRounds_RoundId",
                table: "Assessments");

            migrationBuilder.DropTable(
                name: "EvaluationRounds");

            migrationBuilder.DropIndex(
                name: "IX_Assessments_RoundId",
                table: "Assessments");

            migrationBuilder.DropColumn(
                name: "RoundId",
                table: "Assessments");

            migrationBuilder.DropColumn(
                name: "ScheduledOn",
                table: "Assessments");
        }
    }
}
