"""Measures: pure functions of a session's event log and the scenario it was played from.

Each returns a MeasureResult with a value, its threshold, a proposed pass/fail
(None when nothing could be judged) and the evidence: the events it rests on.
The ids are those the criteria grids (grids/*.yaml) refer to: :data:`MEASURES` is their one list,
which omnisim/grading/grid.py checks every grid against.
"""

from __future__ import annotations

from collections.abc import Sequence

from omnisim.events import Event
from omnisim.measures import (
    agenda,
    apology,
    channels,
    checking,
    complaint_promise,
    complaints,
    continuity,
    conversation,
    crm,
    following,
    forbidden_actions,
    handling,
    handover_points,
    identity,
    incidents,
    letters,
    mood,
    norms,
    pertinence,
    principal,
    records,
    register,
    remit,
    reports,
    requests,
    required,
    restitution,
    sales,
    script,
    solution,
    synthesis,
    team,
    timing,
    unanswered,
    urgency,
    writing,
)
from omnisim.measures.context import MeasureContext, MeasureFn, Played
from omnisim.measures.result import Evidence, MeasureResult
from omnisim.projection.workspace import SessionView, project

__all__ = ["MEASURES", "Evidence", "MeasureResult", "compute_all", "measure_view"]

MEASURES: dict[str, MeasureFn] = {
    "pickup_time": timing.pickup_time,
    "pickup_after_urgency": timing.pickup_after_urgency,
    "hold_lines": timing.hold_lines,
    "hold_duration": timing.hold_duration,
    "hold_announced": timing.hold_announced,
    "reply_time_sla": timing.reply_time_sla,
    "chat_words_per_send": conversation.chat_words_per_send,
    "chat_words_instructed": conversation.chat_words_instructed,
    "sms_language": conversation.sms_language,
    "letter_register": register.letter_register,
    "chat_turns": register.chat_turns,
    "chat_asks": register.chat_asks,
    "agent_named": norms.agent_named,
    "solution_validated": solution.solution_validated,
    "diagnostic_facts": requests.diagnostic_facts,
    "courtesy": conversation.courtesy,
    "greeting": conversation.greeting,
    "presentation": conversation.presentation,
    "principal_named": principal.principal_named,
    "closing": conversation.closing,
    "thanks_given": conversation.thanks_given,
    "satisfaction_check": checking.satisfaction_check,
    "keep_informed": checking.keep_informed,
    "summary": synthesis.summary,
    "reformulation": checking.reformulation,
    "motive_validated": checking.motive_validated,
    "validation_question": checking.validation_question,
    "reply_channel": channels.reply_channel,
    "channel_justification": channels.channel_justification,
    "script_coverage": script.script_coverage,
    "script_order": script.script_order,
    "mood_trajectory": mood.mood_trajectory,
    "calmed_customer": mood.calmed_customer,
    "calmed_by_proposal": mood.calmed_by_proposal,
    "upset_acknowledged": mood.upset_acknowledged,
    "instructed_apology": apology.instructed_apology,
    "transfer_required": handling.transfer_required,
    "continuity_passed_on": continuity.continuity_passed_on,
    "outbound_placed": handling.outbound_placed,
    "priority_order": handling.priority_order,
    "confidential_leak": handling.confidential_leak,
    "crm_traced": crm.crm_traced,
    "crm_followup": crm.crm_followup,
    "crm_duplicates": crm.crm_duplicates,
    "crm_spelling": crm.crm_spelling,
    "appointment_in_free_slot": agenda.appointment_in_free_slot,
    "appointment_recap": agenda.appointment_recap,
    "agenda_updated": agenda.agenda_updated,
    "appointment_not_before_key": agenda.appointment_not_before_key,
    "incident_report": incidents.incident_report,
    "anomalies_signalled": incidents.anomalies_signalled,
    "handover_notes": reports.handover_notes,
    "handover_urgent_flagged": reports.handover_urgent_flagged,
    "handover_retention": reports.handover_retention,
    "handover_callbacks": reports.handover_callbacks,
    "handover_points": handover_points.handover_points,
    "handover_urgency": team.handover_urgency,
    "handover_reactions": team.handover_reactions,
    "expected_actions": requests.expected_actions,
    "messages_taken": requests.messages_taken,
    "appointments_made": requests.appointments_made,
    "applications_used": requests.applications_used,
    "task_natures": requests.task_natures,
    "facts_gathered": requests.facts_gathered,
    "urgent_handled": urgency.urgent_handled,
    "urgent_passed_on": urgency.urgent_passed_on,
    "urgent_oriented": urgency.urgent_oriented,
    "urgent_message_flagged": urgency.urgent_message_flagged,
    "letter_template": letters.letter_template,
    "letter_variables": letters.letter_variables,
    "civility": letters.civility,
    "self_introduced": norms.self_introduced,
    "salutation_civility": norms.salutation_civility,
    "written_form": writing.written_form,
    "client_written_form": writing.client_written_form,
    "written_answer": writing.written_answer,
    "email_answer": writing.email_answer,
    "answer_pertinent": pertinence.answer_pertinent,
    "restitution": restitution.restitution,
    "service_followed": following.service_followed,
    "satisfaction_assured": following.satisfaction_assured,
    "not_defensive": complaints.not_defensive,
    "defensive_stance": complaints.defensive_stance,
    "complaint_passed_on": complaints.complaint_passed_on,
    "complaint_promise": complaint_promise.complaint_promise,
    "written_unanswered": unanswered.written_unanswered,
    "out_of_remit": remit.out_of_remit,
    "out_of_remit_written": remit.out_of_remit_written,
    "forbidden_request": remit.forbidden_request,
    "forbidden_action": forbidden_actions.forbidden_action,
    "required_questions": required.required_questions,
    "identity_checked": identity.identity_checked,
    "crm_right_record": records.crm_right_record,
    "sale_offer_fits": sales.sale_offer_fits,
    "sale_objection_answered": sales.sale_objection_answered,
    "sale_addon_proposed": sales.sale_addon_proposed,
    "sale_operations": sales.sale_operations,
    "sale_reassured": sales.sale_reassured,
}


def measure_view(view: SessionView, scenario: Played) -> dict[str, MeasureResult]:
    """Every measure on an already folded view (the live jury page keeps one)."""
    ctx = MeasureContext(view, scenario.deck, dict(scenario.rules), dict(scenario.scripts))
    return {name: fn(ctx) for name, fn in MEASURES.items()}


def compute_all(events: Sequence[Event], scenario: Played) -> dict[str, MeasureResult]:
    """Every measure of a session, against the rules and scripts frozen in its scenario."""
    return measure_view(project(list(events)), scenario)
