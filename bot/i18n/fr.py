"""Messages en français. Clés et `{placeholders}` identiques à `bot.i18n.en`."""

MESSAGES: dict[str, str] = {
    # Unités, statuts, boutons
    "unit.day": "j",
    "status.to_schedule": "à planifier",
    "status.scheduled": "planifiée",
    "status.done": "terminée",
    "status.unknown": "inconnu",
    "button.confirm": "Confirmer",
    "button.edit": "Modifier",
    "button.cancel": "Annuler",
    "button.approve": "Approuver",
    "button.reject": "Rejeter",
    "button.retry": "Réessayer",
    "button.withdraw": "Retirer",
    "button.create_anyway": "Créer quand même",
    "button.reschedule": "Replanifier",
    "button.reassign": "Réassigner",
    "button.submit": "Enregistrer",
    "button.close": "Fermer",
    # Aide
    "help": (
        "*/preventive* planifie des interventions préventives à partir de gammes.\n"
        "• `/preventive créer 12 demain 8h à 17h` : aperçu, puis Confirmer\n"
        "• `/preventive créer 12 lundi prochain 9h pendant 3h statut à planifier assigner @bob`\n"
        "• `/preventive replanifier 42 vendredi 14h-16h`\n"
        "• `/preventive assigner 42 @bob le technicien habituel est absent` : appliqué tout de "
        "suite pour un responsable, sinon en attente de son approbation\n"
        "• `/preventive modifier 42` : description, règles de site, statut, horaires, assigné\n"
        "• `/preventive liste [mes|équipe|tout]`, `/preventive statut 42`\u202f: ce qui arrive, "
        "et ce que le bot sait de #42\n"
        "• `/preventive` seul ouvre un formulaire.\n"
        "Horaires : `8h`, `14h30`, `midi`, `demain`, `vendredi 15h`, `12 mars`, `12/03/2026`, "
        "`du lundi au mercredi`, `22h à 6h`, `dans 2 heures`, `pendant 90 min`. "
        "Statuts : `à planifier`, `planifiée` (par défaut), `terminée`. "
        "Assignés : `@quelqu'un`, `profile:17`, `contact:5`."
    ),
    # Erreurs de lecture : {fragment} est le texte de l'utilisateur, déjà échappé
    "parse.empty": "Il me faut un créneau, par exemple `demain 8h à 17h`.",
    "parse.unreadable": "Je n'ai pas compris « {fragment} » comme un horaire.",
    "parse.invalid_date": "« {fragment} » n'est pas une date qui existe.",
    "parse.invalid_time": "« {fragment} » n'est pas une heure valide.",
    "parse.end_not_after_start": "La fin doit venir après le début (« {fragment} »).",
    "parse.in_past": (
        "« {fragment} » est dans le passé. Pour un travail déjà fait, ajoutez `statut "
        "terminée` : c'est alors le dernier moment passé qui correspond."
    ),
    "parse.nonexistent_time": (
        "« {fragment} » n'existe pas dans votre fuseau (changement d'heure)."
    ),
    "parse.recurring": (
        "« {fragment} » planifie une série ; ici il me faut un seul créneau, par exemple"
        " `demain 8h à 12h`."
    ),
    "parse.too_many_occurrences": (
        "« {fragment} » donne plus de 52 occurrences ; planifiez-en au plus 52 à la fois"
        " (une fin plus proche)."
    ),
    "parse.no_end": (
        "« {fragment} » n'a pas de fin : ajoutez-en une, par exemple `pendant 6 semaines`,"
        " `jusqu'au 31 mars` ou `la semaine prochaine`."
    ),
    "parse.unknown_subcommand": "Je ne connais pas la commande « {fragment} ».",
    "parse.did_you_mean": "Vous vouliez dire `/preventive {command}` ?",
    "parse.commands": (
        "Commandes : `créer`, `replanifier`, `assigner`, `modifier`, `liste`, `statut`, "
        "`aide` ; `/preventive` seul ouvre un formulaire."
    ),
    "parse.missing_routine": "Quelle gamme ? Donnez son numéro.",
    "parse.bad_routine": "« {fragment} » n'est pas un numéro de gamme.",
    "parse.missing_id": "Quelle intervention ? Donnez son numéro.",
    "parse.bad_id": "« {fragment} » n'est pas un numéro d'intervention.",
    "parse.missing_when": "Quand ? Donnez un créneau.",
    "parse.missing_assignee": (
        "Qui ? Mentionnez quelqu'un (`@bob`) ou écrivez `profile:17` / `contact:5`."
    ),
    "parse.bad_assignee": (
        "Je n'ai pas reconnu « {fragment} » comme une personne : mentionnez-la avec @ pour que "
        "Slack la complète, ou écrivez `profile:17` ou `contact:5`."
    ),
    "parse.bad_status": (
        "« {fragment} » n'est pas un statut : `à planifier`, `planifiée` ou `terminée`."
    ),
    "parse.conflicting": "« {fragment} » donne deux indications contradictoires.",
    "parse.missing_status": "Quel statut ? `à planifier`, `planifiée` ou `terminée`.",
    "parse.example": "Par exemple : `{example}`",
    "example.create": "/preventive créer 12 demain 8h à 17h",
    "example.reschedule": "/preventive replanifier 42 lundi prochain 9h-12h",
    "example.assign": "/preventive assigner 42 @bob en congé cette semaine",
    "example.update": "/preventive modifier 42",
    "example.when": "demain 8h à 17h",
    # Aperçus
    "warn.default_zone": (
        "Slack ne m'a pas donné votre fuseau horaire, ces heures sont donc en {zone} : "
        "vérifiez-les."
    ),
    "warn.long": "Ce créneau dure {duration}, plus de 12 heures.",
    "warn.weekend": "Ce créneau tombe un samedi ou un dimanche.",
    "warn.outside_workday": (
        "Ce créneau commence ou finit hors de la journée de travail ({workday})."
    ),
    "warn.done_in_future": "Le statut est terminée, mais le créneau commence dans le futur.",
    "warn.unknown_routine": "Aucune équipe ne suit la gamme {id}\u202f: vérifiez le numéro.",
    "warn.unrecorded": (
        "Je n'ai aucune trace de l'intervention n°{id}\u202f: vérifiez le numéro\u202f; "
        "l'API des interventions dira si elle n'existe pas."
    ),
    "preview.create.title": "*Nouvelle intervention préventive* : vérifiez puis confirmez",
    "preview.reschedule.title": "*Replanifier l'intervention n°{id}* : vérifiez puis confirmez",
    "preview.read_as": "Lu « {text} » comme :",
    "field.routine": "Gamme",
    "field.intervention": "Intervention",
    "field.start": "Début",
    "field.end": "Fin",
    "field.window": "Créneau",
    "field.duration": "Durée",
    "field.zone": "Fuseau",
    "field.status": "Statut",
    "field.assignee": "Assigné",
    "field.requested_by": "Demandé par",
    "field.description": "Description",
    "field.site_rules": "Règles de site",
    "field.reason": "Motif",
    "assignee.none": "personne pour l'instant",
    "assignee.profile": "profil {id}",
    "assignee.contact": "contact {id}",
    "preview.zone_default": (
        "⚠ Slack ne m'a pas donné votre fuseau horaire\u202f: ces heures sont dans le fuseau "
        "par défaut."
    ),
    "preview.nothing_sent": "Rien n'est envoyé avant votre confirmation.",
    "preview.cancelled": "Annulé : rien n'a été envoyé.",
    "preview.working": "Envoi à l'API des interventions…",
    "preview.already_created": "Déjà créée : c'est l'intervention n°{id}.",
    "preview.already_rescheduled": "Déjà replanifiée.",
    "preview.already_assigned": "Cette assignation a déjà été envoyée.",
    "preview.already_cancelled": "Cet aperçu a été annulé : rien n'a été envoyé.",
    "preview.already_in_progress": "Envoi déjà en cours ; la réponse va remplacer ce message.",
    "preview.already_unknown": (
        "Déjà envoyé, et l'API des interventions n'a jamais répondu : je ne sais pas si elle a "
        "été créée. Cherchez-la dans le canal de l'équipe ; si elle n'y est pas, appuyez sur "
        "Créer quand même (si la première est passée, cela fera un doublon)."
    ),
    "preview.stale": (
        "Ce créneau commence maintenant dans le passé, donc rien n'a été envoyé : retapez la "
        "commande avec un autre horaire."
    ),
    # Ce qui s'est passé, dit en privé
    "outcome.created": "Intervention *n°{id}* créée et publiée dans <#{channel}>.",
    "outcome.created_unposted": (
        "L'intervention *n°{id}* a été créée, mais je n'ai pas pu la publier dans <#{channel}> "
        "(Slack a répondu {error}) : invitez le bot dans ce canal, ou demandez à votre "
        "administrateur Slack de vérifier le canal de cette équipe."
    ),
    "outcome.created_not_assigned": (
        "L'assignation à {assignee} a échoué : {error} Appuyez sur Réessayer pour la relancer."
    ),
    "outcome.not_posted": "Je n'ai pas pu le publier dans <#{channel}> (Slack a répondu {error}).",
    "outcome.rescheduled": "Intervention *n°{id}* replanifiée : {window}.",
    "outcome.updated": "Intervention *n°{id}* modifiée.",
    "outcome.assigned": "L'intervention *n°{id}* est maintenant assignée à {assignee}.",
    "outcome.unknown_restarted": (
        "Le bot a redémarré pendant que l'API des interventions traitait la demande\u202f: je ne "
        "sais pas si elle a été créée. Je ne la renverrai pas de moi-même\u202f: cherchez-la dans "
        "le canal de l'équipe, et ne retapez la commande que si elle n'y est pas."
    ),
    "outcome.not_sent_restarted": (
        "Rien n'a été envoyé\u202f: le bot a redémarré avant l'envoi. Retapez la commande."
    ),
    "outcome.approval_unknown_restarted": (
        "Le bot a redémarré pendant que l'API des interventions traitait la réassignation de "
        "l'intervention *n°{id}*\u202f: je ne sais pas si elle a été appliquée."
    ),
    "outcome.overtaken": (
        "{user} l'a réassignée à {assignee} il y a un instant, donc votre assignation n'a pas "
        "été envoyée."
    ),
    "decision.someone": "quelqu'un",
    "outcome.cannot_save": (
        "Je ne peux rien enregistrer pour le moment (ma base de données ne répond pas), donc "
        "rien n'a été envoyé. Réessayez dans une minute."
    ),
    "outcome.created_cannot_save": (
        "L'intervention *n°{id}* a été créée, mais je ne peux pas l'enregistrer pour le moment "
        "(ma base de données ne répond pas). Je la publierai dans le canal de l'équipe dès que "
        "possible\u202f: ne la recréez pas."
    ),
    "outcome.changed_cannot_save": (
        "L'intervention *n°{id}* a été modifiée, mais je ne peux pas l'enregistrer pour le moment "
        "(ma base de données ne répond pas). Je mettrai à jour le canal de l'équipe dès que "
        "possible\u202f: ne renvoyez pas la modification."
    ),
    "outcome.change_unknown_restarted": (
        "Le bot a redémarré pendant que l'API des interventions traitait votre modification de la "
        "n°{id}\u202f: je ne sais pas si elle a été enregistrée, et un e-mail est peut-être déjà "
        "parti aux personnes qu'elle prévient. Je ne la renverrai pas de moi-même\u202f: regardez "
        "le message de l'intervention dans le canal de l'équipe avant de réessayer."
    ),
    "outcome.nothing_changed": "Rien n'a changé, donc rien n'a été envoyé.",
    "outcome.request_sent": (
        "Votre demande de réassigner *n°{id}* à {assignee} attend un responsable dans le fil "
        "de l'intervention."
    ),
    # Canal d'équipe
    "confirm.title": "Intervention préventive n°{id}",
    "confirm.text": "Intervention préventive n°{id} (gamme {routine}) : {window}",
    "confirm.sandbox": ":test_tube: Bac à sable : pas une vraie intervention.",
    "confirm.requested_by": "Demandée par {user}",
    "thread.rescheduled_from": "{user} l'a replanifiée : avant {old}, maintenant {window}.",
    "thread.rescheduled": "{user} l'a replanifiée : {window}.",
    "thread.updated": "{user} l'a modifiée : {changes}.",
    "thread.assigned": "{user} l'a assignée à {assignee}.",
    "thread.created_here": (
        "{user} a modifié l'intervention n°{id}, que le bot n'avait pas encore publiée."
    ),
    "change.description": "description",
    "change.window": "horaires {window}",
    "change.site_rules": "règles de site {rules}",
    "change.status": "statut {status}",
    "change.assignee": "assigné {assignee}",
    "change.email_current": "e-mail envoyé à l'assigné actuel",
    # Approbations
    "approval.request": (
        "{requester} demande de réassigner l'intervention n°{id} de {current} à {proposed}."
    ),
    "approval.what": "Gamme {routine}, {window}",
    "approval.reason": "Motif : {reason}",
    "approval.no_reason": "Aucun motif donné.",
    "approval.deciders": "Peuvent décider : {managers}",
    "approval.deciders_none": (
        "Aucun responsable n'est configuré pour cette gamme : voyez un administrateur."
    ),
    "approval.expires": "Expire {when} si personne ne décide.",
    "approval.approved": "Approuvée par {user} {when}.",
    "approval.applied": "Approuvée par {user} {when} ; {proposed} est maintenant assigné.",
    "approval.failed": (
        "Approuvée par {user} {when}, mais l'API a refusé ou échoué : {error} Réessayer la renvoie."
    ),
    "approval.rejected": "Rejetée par {user} {when} : {reason}",
    "approval.cancelled": "Retirée par {user} {when}.",
    "approval.superseded": "Close {when} : {user} a appliqué une autre réassignation.",
    "approval.expired": "Expirée {when} : personne n'a décidé à temps.",
    "approval.told_requester": "{requester} : {outcome}",
    "approval.refused": "Seuls {managers} peuvent approuver ou rejeter cette demande.",
    "approval.refused_none": (
        "Aucun responsable n'est configuré pour cette intervention : voyez un administrateur."
    ),
    "approval.cancel_refused": "Seul {requester}, qui l'a demandée, peut la retirer.",
    "approval.already": "Cette demande a déjà été {state} par {user} {when}.",
    "approval.already_no_user": "Cette demande est déjà {state}.",
    "state.pending": "en attente",
    "state.approved": "approuvée",
    "state.rejected": "rejetée",
    "state.cancelled": "annulée",
    "state.expired": "expirée",
    "state.applied": "appliquée",
    "state.failed": "en échec",
    # Formulaires
    "modal.create.title": "Nouvelle intervention",
    "modal.reschedule.title": "Replanifier n°{id}",
    "modal.update.title": "Modifier n°{id}",
    "modal.reassign.title": "Réassigner n°{id}",
    "modal.reject.title": "Rejeter la demande",
    "modal.routine": "N° de gamme",
    "modal.when": "Quand",
    "modal.check": "Vérifiez le nouvel horaire, puis Confirmer",
    "modal.when.hint": "Comme vous le diriez : demain 8h à 17h, vendredi 14h pendant 3h…",
    "modal.status": "Statut",
    "modal.assignee": "Assigné",
    "modal.new_assignee": "Nouvel assigné",
    "modal.assignee.kept": "Laissez vide pour garder {assignee}.",
    "modal.error.unmapped": (
        "Cette personne n'est pas encore reliée à un compte interventions : demandez à votre "
        "administrateur Slack de la relier."
    ),
    "modal.description": "Description",
    "modal.site_rules": "N° des règles de site",
    "modal.site_rules.hint": "Des nombres séparés par des virgules, ex. 1, 2, 3.",
    "modal.reason": "Motif",
    "modal.notify": "E-mails",
    "modal.email_previous": "Prévenir l'assigné précédent par e-mail",
    "modal.email_current": "Prévenir par e-mail l'assigné après ce changement",
    "modal.email_new": "Prévenir le nouvel assigné par e-mail",
    "modal.reject_reason": "Pourquoi la rejeter ?",
    "modal.error.routine": "Donnez la gamme sous forme de nombre, ex. 12.",
    "modal.error.site_rules": "Donnez des nombres séparés par des virgules, ex. 1, 2, 3.",
    "modal.error.description": "2 500 caractères au plus.",
    "modal.error.required": "Ce champ est obligatoire.",
    # Erreurs
    "error.unmapped_assignee": (
        "{user} n'est pas encore relié à un compte interventions : l'API ne peut pas savoir qui"
        " c'est. Demandez à votre administrateur Slack de le relier, ou écrivez `profile:17` ou"
        " `contact:5`."
    ),
    "error.request_not_valid": (
        "Rien n'a été envoyé : « {field} » ne respecte pas les règles de l'API des interventions."
    ),
    "error.api.invalid": "L'API des interventions a refusé la demande : {detail}",
    "error.api.invalid_no_detail": "L'API des interventions a refusé la demande comme invalide.",
    "error.api.not_authorised": (
        "L'API des interventions n'accepte pas l'accès du bot : rien n'a changé. Demandez à "
        "votre administrateur Slack de renouveler l'accès du bot à l'API des interventions."
    ),
    "error.api.unknown_intervention": (
        "L'API des interventions ne connaît pas l'intervention n°{id}."
    ),
    "error.api.unknown_routine": "L'API des interventions ne connaît pas la gamme {id}.",
    "error.api.rate_limited": (
        "L'API des interventions est saturée. Rien n'a changé ; réessayez dans une minute."
    ),
    "error.api.unavailable": (
        "L'API des interventions est indisponible pour le moment. Rien n'a changé ; "
        "réessayez plus tard."
    ),
    "error.api.outcome_unknown": (
        "L'API des interventions n'a pas répondu à temps : je ne sais pas si la gamme {routine}"
        " a été créée pour {window}. Je ne la renverrai pas de moi-même. Cherchez-la dans le "
        "canal de l'équipe ; si elle n'y est pas, appuyez sur Créer quand même (si la première "
        "est passée, cela fera un doublon)."
    ),
    "error.api.failed_midway": (
        "L'API des interventions a échoué en la traitant : je ne sais pas si la gamme {routine}"
        " a été créée pour {window}. Je ne la renverrai pas de moi-même. Cherchez-la dans le "
        "canal de l'équipe ; si elle n'y est pas, appuyez sur Créer quand même (si la première "
        "est passée, cela fera un doublon)."
    ),
    "error.api.failed_midway_update": (
        "L'API des interventions a échoué en traitant la modification ; elle est peut-être "
        "enregistrée. Regardez le message de l'intervention dans le canal de l'équipe avant de "
        "réessayer."
    ),
    "error.api.outcome_unknown_update": (
        "L'API des interventions n'a pas répondu à temps ; la modification est peut-être "
        "enregistrée. Regardez le message de l'intervention dans le canal de l'équipe avant de "
        "réessayer."
    ),
    "error.api.email_may_have_gone": (
        "Un e-mail est peut-être déjà parti vers les personnes prévenues, donc je ne le "
        "renverrai pas de moi-même\u202f: n'appuyez sur Réessayer que si vous savez que le "
        "changement n'a pas eu lieu (la personne concernée peut vous dire si elle a été "
        "prévenue)."
    ),
    "error.unknown_intervention": (
        "Je ne connais pas encore l'intervention n°{id}. Replanifiez-la ou modifiez-la d'abord "
        "par son numéro."
    ),
    "error.not_allowed": "Vous n'avez pas le droit de faire cela.",
    "error.store_unavailable": (
        "Je ne peux rien enregistrer pour le moment, donc je n'ai rien fait\u202f: aucune "
        "intervention n'a été créée ni modifiée. Réessayez dans quelques minutes\u202f; si cela "
        "dure, prévenez votre administrateur."
    ),
    "error.store_failed": (
        "Je n'ai pas pu enregistrer cela à l'instant (ma base de données est indisponible). "
        "Vérifiez le fil de l'intervention pour voir ce qui a été fait avant de réessayer\u202f; "
        "si cela dure, prévenez votre administrateur."
    ),
    "error.form_expired": (
        "Le formulaire a mis trop de temps à s'ouvrir et Slack l'a abandonné. "
        "Rien n'a changé\u202f: relancez la commande."
    ),
    "error.incident": (
        "Un problème est survenu de mon côté (incident {incident}). Ce qui était fait avant "
        "reste fait ; vérifiez le fil de l'intervention et donnez ce numéro à votre "
        "administrateur."
    ),
}
