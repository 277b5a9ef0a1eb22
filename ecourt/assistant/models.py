"""Questions judges ask the assistant, its answers, their ratings, and escalations to experts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Question(models.Model):
    asker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assistant_questions", help_text="Who asked."
    )
    text = models.TextField(help_text="The question as asked.")
    facts_date = models.DateField(
        null=True, blank=True, help_text="Date of the facts: only provisions in force that day are used (empty: today)."
    )
    doc_type = models.CharField(max_length=30, blank=True, help_text="Only documents of this type (empty: any).")
    court = models.CharField(max_length=200, blank=True, help_text="Judgments of this court only (empty: any).")
    created = models.DateTimeField(auto_now_add=True)
    # Escalation to the experts of a court's department (the knowledge loop, issue 6).
    escalated = models.BooleanField(default=False, help_text="Sent to experts as a hard question.")
    escalated_at = models.DateTimeField(null=True, blank=True)
    department = models.ForeignKey(
        "courts.Department",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assistant_questions",
        help_text="The department whose experts are asked.",
    )
    escalation_note = models.TextField(blank=True, help_text="What the judge adds for the experts.")
    # The request opened in the standardized Q&A app (ecourt.qa), when it is installed and experts exist.
    expert_request_id = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return self.text[:80]


class AnswerStatus(models.TextChoices):
    ANSWERED = "answered", _("Answered")
    UNKNOWN = "unknown", _("Not known")


class AnswerMethod(models.TextChoices):
    EXTRACTIVE = "extractive", _("Extracts of the provisions")
    GENERATED = "generated", _("Drafted by a language model")


class Answer(models.Model):
    question = models.OneToOneField(Question, on_delete=models.CASCADE, related_name="answer")
    status = models.CharField(max_length=10, choices=AnswerStatus.choices)
    method = models.CharField(max_length=10, choices=AnswerMethod.choices, default=AnswerMethod.EXTRACTIVE)
    day = models.DateField(help_text="The day the citations were checked on (the facts date, else the day asked).")
    statements = models.JSONField(default=list, help_text="[{text, citations: [...], source_title, source_text}]")
    removed = models.JSONField(default=list, help_text="Citations the citator removed, with its verdict.")
    judgments = models.JSONField(default=list, help_text="Published judgments found for the question.")
    standard_answers = models.JSONField(
        default=list, help_text="Standardized answers found (the main one first), their sources checked on the day."
    )
    precedents = models.JSONField(default=list, help_text="Precedents applying on the day found for the question.")
    evidence = models.FloatField(default=0.0, help_text="Evidence of the best passage (0 to 1).")
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.status}: {self.question}"


class Rating(models.Model):
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="ratings")
    rater = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assistant_ratings")
    useful = models.BooleanField()
    comment = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["answer", "rater"], name="assistant_one_rating_per_rater")]

    def __str__(self) -> str:
        return f"{'+' if self.useful else '-'} {self.answer_id}"
