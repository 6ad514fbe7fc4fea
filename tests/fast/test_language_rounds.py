"""Sentiment classes of issue 26's rounds 8 to 20, read as constructions, with their guards.

Phrasings of no labelled set (no blind line is copied), in other words than each round's dev
lines. A class line failed before its round; a guard passed and must keep its tone. ``None``: a
caller that does not say who speaks. A case's first field is the round that added it.
"""

from __future__ import annotations

import pytest

from omnisim.language import sentiment
from omnisim.language.acts import acts

C, A = "customer", "agent"

ROUND_8 = [
    # Thanks before a complaint are politeness: the line is the complaint.
    ("Merci, mais on m'a déjà dit ça hier.", "fr", C, "neg"),
    ("Je vous remercie, mais vous ne répondez pas à ma question.", "fr", C, "neg"),
    ("Thanks for your kind reply, but nothing has changed.", "en", C, "neg"),
    # Thanks in a question are politeness too: a request, neutral.
    ("Merci pour ces explications, je dois signer où ?", "fr", C, "neu"),
    ("Merci pour les détails, le technicien vient à quelle heure ?", "fr", C, "neu"),
    ("Thanks for the update, which form should I fill in?", "en", C, "neu"),
    # Polite anger, hedges, ironic thanks, rhetorical questions of neglect.
    ("Ma patience est à bout.", "fr", C, "neg"),
    ("Avec tout le respect que je vous dois, ce suivi laisse à désirer.", "fr", C, "neg"),
    ("Frankly, my patience is wearing thin.", "en", C, "neg"),
    ("Un grand merci pour ces deux semaines sans ligne.", "fr", C, "neg"),
    ("Many thanks for the six weeks without broadband.", "en", C, "neg"),
    ("Quelqu'un traite mon dossier, ou pas ?", "fr", C, "neg"),
    ("Is anybody dealing with my complaint?", "en", C, "neg"),
    # A subject makes a negated verb a reproach, not an instruction.
    ("Vous ne tenez jamais vos délais.", "fr", C, "neg"),
    ("Ne rappelez pas avant lundi, je serai absente.", "fr", C, "neu"),
    # An agent's reminder of a missed obligation is blame, offering a transfer a step of the
    # call, a commitment under a condition a commitment, an apology makes a refusal kind.
    ("Je vous rappelle que l'échéance était fixée au 10.", "fr", A, "neg"),
    ("May I remind you that the balance was due last week.", "en", A, "neg"),
    ("Je vous rappelle que votre rendez-vous est demain à 9 h.", "fr", A, "neu"),
    ("Souhaitez-vous que je vous passe un conseiller technique ?", "fr", A, "neu"),
    ("Would you like me to transfer you to the sales team?", "en", A, "neu"),
    ("Souhaitez-vous que je vous envoie le formulaire ?", "fr", A, "pos"),
    ("Si le produit est défectueux, nous procéderons à l'échange.", "fr", A, "pos"),
    ("Dès réception du colis, je lance le remboursement.", "fr", A, "pos"),
    ("I can't cancel the fee, but we can split it into two payments.", "en", A, "pos"),
    ("Sorry, I can't share that over the phone.", "en", A, "pos"),
]

ROUND_9 = [
    # Grudging assent is negative; a plain acknowledgement is neutral.
    ("mouais bof", "fr", C, "neg"),
    ("Puisque vous le dites, admettons.", "fr", C, "neg"),
    ("If you say so, mate.", "en", C, "neg"),
    ("D'accord, c'est entendu.", "fr", C, "neu"),
    ("Alright then.", "en", C, "neu"),
    # After a contrast, a complaint gives the tone; thanks before a polite decline are politeness.
    ("Bon accueil en magasin. Cependant, la machine ne s'allume pas.", "fr", C, "neg"),
    ("thx but ur app still dont work", "en", C, "neg"),
    ("Merci, mais je vais d'abord en parler à mon mari.", "fr", C, "neu"),
    # After praise and a contrast, what went wrong is the complaint; the customer's own choice a
    # polite decline.
    (
        "Excellent service as always. However, the dryer stopped working after a week.",
        "en",
        C,
        "neg",
    ),
    ("Super, merci. Par contre, la facture est fausse.", "fr", C, "neg"),
    ("C'est très gentil, cependant nous allons attendre l'été.", "fr", C, "neu"),
    ("Un concurrent me fait une meilleure offre.", "fr", C, "neg"),
    ("Thanks, but no need.", "en", C, "neu"),
    # Chat spellings are read as the words they stand for.
    ("jai tjr pas de reseau", "fr", C, "neg"),
    ("perssone ne m'a rapelé", "fr", C, "neg"),
    ("cest nimporte koi", "fr", C, "neg"),
    # A promise reported from the firm's staff is a complaint.
    ("Votre conseillère m'a garanti un rappel sous 24 heures.", "fr", C, "neg"),
    ("The engineer swore he'd be back on Tuesday.", "en", C, "neg"),
    # Competitors as pressure, a complaint; as a comparison in the firm's favour, praise.
    ("Vos concurrents font la même chose pour moins cher.", "fr", C, "neg"),
    ("I've had much worse service elsewhere.", "en", C, "pos"),
    ("Libre à vous de résilier.", "fr", A, "neg"),
    # Sarcasm on a delay.
    ("Quelle réactivité, trois semaines pour un devis.", "fr", C, "neg"),
    ("Two weeks for a reply, how impressive.", "en", C, "neg"),
    # A refund made, a booking made: good news from the agent.
    ("Votre avoir a été émis ce matin.", "fr", A, "pos"),
    ("Your refund has been issued.", "en", A, "pos"),
    ("C'est confirmé pour vendredi 14 h.", "fr", A, "pos"),
    # Administrative nouns are references, not complaints; a preference is a request.
    ("Déclaration de sinistre jointe.", "fr", C, "neu"),
    ("Il me manque le bon de commande signé.", "fr", A, "neu"),
    ("Je préfère un rendez-vous le matin.", "fr", C, "neu"),
    # Guards.
    ("Votre collègue m'a dit de vous rappeler aujourd'hui.", "fr", C, "neu"),
    ("Heureusement que vous étiez là, merci !", "fr", C, "pos"),
    ("Merci, mais vous ne m'avez toujours pas répondu.", "fr", C, "neg"),
    ("Je suis déçu, mais merci pour votre aide.", "fr", C, "pos"),
    ("Pourriez-vous me renvoyer le formulaire ?", "fr", C, "neu"),
    ("Super, mais le technicien passe à quelle heure ?", "fr", C, "neu"),
]

ROUND_10 = [
    # A commitment: first person, present, future, aller/pouvoir + a verb of service.
    ("Je vous réexpédie le colis dès demain.", "fr", A, "pos"),
    ("Nous allons régulariser votre situation cette semaine.", "fr", A, "pos"),
    ("Je m'en charge personnellement.", "fr", A, "pos"),
    ("We're going to reschedule the visit for you.", "en", A, "pos"),
    ("Let me rebook that for you.", "en", A, "pos"),
    # An action done for the customer; a correction in the passive.
    ("Je vous ai renvoyé le code d'activation.", "fr", A, "pos"),
    ("We've reversed the transfer fee.", "en", A, "pos"),
    ("Les agios ont bien été remboursés.", "fr", A, "pos"),
    ("Your direct debit has been reinstated.", "en", A, "pos"),
    # Steps and plain news stay neutral.
    ("Je vais vous transférer au service recouvrement.", "fr", A, "neu"),
    ("Votre train a été annulé en raison d'une grève.", "fr", A, "neu"),
    ("I'm going to need the last four digits of your card.", "en", A, "neu"),
    # Waiting or going without, measured in time, is a complaint; a length of time is not.
    ("On est sans chauffage depuis dimanche avec un bébé.", "fr", C, "neg"),
    ("Cela fait deux heures que j'essaie de joindre quelqu'un.", "fr", C, "neg"),
    ("The app has been down for three days.", "en", C, "neg"),
    ("Je suis abonnée depuis 2012.", "fr", C, "neu"),
    ("We've lived here for six years.", "en", C, "neu"),
    ("I've been a member for twenty years.", "en", C, "neu"),
    # Rhetorical questions that blame; plain questions stay neutral.
    ("Qu'est-ce que vous attendez pour intervenir ?", "fr", C, "neg"),
    ("Did anyone even open my attachment?", "en", C, "neg"),
    ("Vous avez seulement daigné lire ma lettre ?", "fr", C, "neg"),
    ("Dans quelle langue souhaitez-vous recevoir le contrat ?", "fr", A, "neu"),
    ("Do you deliver on Sundays?", "en", C, "neu"),
    # A subject « personne / rien » far from its « ne »; "not yet" is a fact, "still" is not.
    ("Rien de ce que vous m'aviez promis n'a été fait.", "fr", C, "neg"),
    ("I haven't had time to fill in the form yet.", "en", C, "neu"),
    ("I still haven't received the card yet.", "en", C, "neg"),
    # A disappointment negated is praise; a first time asked about is no complaint.
    ("Je n'ai jamais été déçue par vos services.", "fr", C, "pos"),
    ("Your team has never let me down.", "en", C, "pos"),
    ("I've never paid by bank transfer before, what do I need?", "en", C, "neu"),
    ("Je n'ai jamais commandé ça, pourquoi suis-je débitée ?", "fr", C, "neg"),
    ("I've never been spoken to like this before, is that normal?", "en", C, "neg"),
    # A promise reported is broken, whatever the verb of saying; confirmed, praise; an
    # instruction or a relative's word reported stays neutral.
    ("Le livreur m'avait annoncé qu'il passerait avant midi.", "fr", C, "neg"),
    ("The rep on the phone assured me the upgrade was free.", "en", C, "neg"),
    (
        "Le standard m'a indiqué que je serais rappelée, et c'est bien le cas, merci.",
        "fr",
        C,
        "pos",
    ),
    ("Your driver told me he'd come back on Monday and he did.", "en", C, "pos"),
    ("Mon mari m'a dit que vous ouvriez le samedi, c'est exact ?", "fr", C, "neu"),
    # Emoji: an eye-roll turns praise into sarcasm, a smile is thanks, an angry face a
    # complaint, a thumbs-up an acknowledgement.
    ("Trop sympa votre hotline 🙄", "fr", C, "neg"),
    ("Wonderful, the app logged me out again 🙃", "en", C, "neg"),
    ("Merci pour le suivi 😊", "fr", C, "pos"),
    ("Facture toujours fausse 😠", "fr", C, "neg"),
    ("On se voit jeudi 👍", "fr", C, "neu"),
    # A customer's doing is no commitment.
    ("Je vous renvoie le formulaire.", "fr", C, "neu"),
    ("I'll send you the photos tonight.", "en", C, "neu"),
]

ROUND_11 = [
    # Favourable information and the customer's rights, from an agent: good news.
    ("La livraison est gratuite dès 50 € d'achat.", "fr", A, "pos"),
    ("Vous pouvez bénéficier d'un mois offert.", "fr", A, "pos"),
    ("The second bag is free of charge on this route.", "en", A, "pos"),
    ("You're entitled to a replacement handset.", "en", A, "pos"),
    ("La livraison n'est pas gratuite pour les meubles.", "fr", A, "neu"),
    ("Returns must be made within thirty days.", "en", A, "neu"),
    ("C'était gratuit, paraît-il.", "fr", C, "neu"),
    # Resignation is disappointment; « plus de choix » is no resignation.
    ("Bon, tant pis, je prendrai le bus.", "fr", C, "neg"),
    ("Well, I'll just have to live with it.", "en", C, "neg"),
    ("Il y a plus de choix en magasin ?", "fr", C, "neu"),
    # Doubt recalling a failure.
    ("Et le colis partira vraiment lundi, cette fois ?", "fr", C, "neg"),
    ("Is the courier actually coming this time?", "en", C, "neg"),
    # Thanks for a fault; thanks for a fix.
    ("Merci d'avoir coupé mon compteur en plein hiver.", "fr", C, "neg"),
    ("Thanks for ignoring my three emails.", "en", C, "neg"),
    ("Merci d'avoir réparé la chaudière si vite.", "fr", C, "pos"),
    # Neither … nor of something owed.
    ("Je n'ai reçu ni l'échéancier ni le contrat.", "fr", C, "neg"),
    ("We've heard neither from the insurer nor from the garage.", "en", C, "neg"),
    # Litotes, exonerating the agent, and "less" turning a feeling word.
    ("Le repas n'était pas mal du tout.", "fr", C, "pos"),
    ("I'm not dissatisfied with the new tariff.", "en", C, "pos"),
    ("Ce n'est pas votre faute, je le sais bien.", "fr", C, "pos"),
    ("The new form is far less frustrating.", "en", C, "pos"),
    ("Le nouveau site est beaucoup moins agréable.", "fr", C, "neg"),
    # A charge after cancelling.
    ("J'ai résilié l'assurance et ils me prélèvent toujours.", "fr", C, "neg"),
    ("I closed the account but you keep charging me.", "en", C, "neg"),
    # Delegated commitments and written confirmations; a request noted stays a step.
    ("Je vais demander au plombier de vous appeler ce soir.", "fr", A, "pos"),
    ("I'll get a surveyor to visit on Thursday.", "en", A, "pos"),
    ("Rendez-vous confirmé jeudi à 15 h au centre de Lyon.", "fr", A, "pos"),
    ("Votre demande de rappel est enregistrée.", "fr", A, "neu"),
    # Rhetorical questions that press or reproach; a plain question stays neutral.
    ("Vous trouvez logique de payer deux fois le même trajet ?", "fr", C, "neg"),
    ("Vous prévoyez de me rembourser un jour ?", "fr", C, "neg"),
    ("Haven't you read the terms before ordering?", "en", A, "neg"),
    ("Vous pensez passer vers quelle heure ?", "fr", C, "neu"),
    # Thanks over a fault stay sarcasm; an agent's acknowledgement is a step; sending the
    # customer away is deflection.
    ("Many thanks for ignoring my letters, so appreciated.", "en", C, "neg"),
    ("Thanks for fixing it, really appreciated.", "en", C, "pos"),
    ("Votre résiliation est bien prise en compte.", "fr", A, "neu"),
    ("C'est l'assureur qu'il faut joindre, pas nous.", "fr", A, "neg"),
    # Procedure in the imperative stays neutral; regret in a refusal is no apology.
    ("Déposez le véhicule au garage avant 9 h.", "fr", A, "neu"),
    ("Malheureusement, le modèle n'est plus fabriqué.", "fr", A, "neu"),
]

ROUND_12 = [
    # A letter's closing formula is form; the body gives the tone.
    ("Je vous prie d'agréer, Madame, mes sincères salutations.", "fr", C, "neu"),
    ("Best regards, Tom", "en", C, "neu"),
    # A customer's own fact: lost, forgotten, no longer had, their own mistake, an apology.
    ("J'ai oublié ma veste au vestiaire de la piscine.", "fr", C, "neu"),
    ("We left our pushchair on the coach to Leeds.", "en", C, "neu"),
    ("Je n'ai plus la facture d'origine, juste le relevé bancaire.", "fr", C, "neu"),
    ("C'est ma faute, j'ai mal saisi mon adresse mail.", "fr", C, "neu"),
    ("Sorry to trouble you again about the gas meter.", "en", C, "neu"),
    ("C'est la première fois que je fais une demande de prêt, comment ça marche ?", "fr", C, "neu"),
    # Guards: time or patience lost, a service no longer had, stay complaints.
    ("J'ai perdu ma matinée à attendre votre technicien.", "fr", C, "neg"),
    ("Je n'ai plus internet depuis samedi.", "fr", C, "neg"),
    # Praise and blame side by side, no link: the blame is what is reported.
    ("Personnel adorable. Repas infect.", "fr", C, "neg"),
    ("Lovely room. Awful breakfast.", "en", C, "neg"),
    ("Personnel adorable. Repas délicieux.", "fr", C, "pos"),
    # Contrast after praise, whose tail has no tone; with "except".
    ("Le guide était charmant, sauf que le car est parti sans nous.", "fr", C, "neg"),
    ("The nurse was courteous, except the results never arrived.", "en", C, "neg"),
    # Praise by comparison; a promise kept, said by the action.
    ("Je n'ai jamais été aussi bien accueillie dans une agence.", "fr", C, "pos"),
    (
        "On m'avait dit que le colis serait livré samedi et il est arrivé samedi matin, merci.",
        "fr",
        C,
        "pos",
    ),
    ("The clerk said she would ring me back and she did.", "en", C, "pos"),
    # Something left in the firm's hands, with its length.
    ("Mon vélo reste dans votre atelier depuis trois semaines.", "fr", C, "neg"),
    ("Our claim has been sitting with your team for six weeks.", "en", C, "neg"),
    # Solved, done, favourable with words between.
    ("The boiler is working again now.", "en", C, "pos"),
    ("Votre avoir de 35 € a été validé hier.", "fr", A, "pos"),
    ("Aucune franchise kilométrique ne sera appliquée.", "fr", A, "pos"),
    # Dismissing on a condition; reassurance.
    ("Si nos tarifs ne vous conviennent pas, vous êtes libre de partir.", "fr", A, "neg"),
    ("If our hours don't suit you, you're free to shop elsewhere.", "en", A, "neg"),
    ("Ne vous en faites pas, ça arrive à tout le monde.", "fr", A, "pos"),
    # A plain rule from an agent stays neutral.
    ("Le dossier doit être complet avant le 15.", "fr", A, "neu"),
    # A caller that does not say who speaks: a line only an agent's families read is an
    # agent's; a complaint, or good news asked about, keeps the customer's reading.
    ("Je vous réserve la chambre 12 pour vendredi.", "fr", None, "pos"),
    ("Vous avez droit à un second essai gratuit.", "fr", None, "pos"),
    ("I'll send a replacement card today.", "en", None, "pos"),
    ("Vous m'aviez promis de me rembourser et toujours rien.", "fr", None, "neg"),
    ("Le parking est gratuit le dimanche ?", "fr", None, "neu"),
]

ROUND_13 = [
    # A third party announced by the agent, in the future: a commitment; negated, news.
    ("Le couvreur passera vendredi pour bâcher le toit.", "fr", A, "pos"),
    ("J'ai relancé la vétérinaire, elle vous rappellera ce soir.", "fr", A, "pos"),
    ("The glazier will come round on Monday morning.", "en", A, "pos"),
    ("Le couvreur ne passera pas avant la fin de la tempête.", "fr", A, "neu"),
    # An agent's « merci de + infinitive » is an instruction; « merci de m'avoir … » thanks.
    ("Merci de laisser le portail ouvert le jour de la livraison.", "fr", A, "neu"),
    ("Pas de souci, merci de m'avoir tenue au courant.", "fr", C, "pos"),
    # A rule stated (« à l'avance » a delay) stays neutral; a rule that holds an advantage is
    # good news, unless what it includes is a fee.
    ("Les ateliers annulés moins de 72 h à l'avance sont facturés.", "fr", A, "neu"),
    ("Le pass annuel comprend l'accès au sauna.", "fr", A, "pos"),
    ("Your ticket comes with a free drink on board.", "en", A, "pos"),
    ("The quote includes a call-out fee of 40 pounds.", "en", A, "neu"),
    # A dismissal after an apology; laughter with no target.
    ("Navré, mais c'est ainsi, point final.", "fr", A, "neg"),
    ("Sorry, it is what it is.", "en", A, "neg"),
    ("ptdr vas-y je teste", "fr", C, "neu"),
    # Relief then the wait reproached, no linking word.
    ("Enfin ! Six semaines pour une carte grise.", "fr", C, "neg"),
    ("Finally! Ten days for a library card.", "en", C, "neg"),
    # A demand for redress; a fact then « que dois-je faire ? »; self-mockery; a choice.
    ("Je veux mon argent, pas un avoir.", "fr", C, "neg"),
    ("Mon badge ne marche pas au portique, que dois-je faire ?", "fr", C, "neu"),
    ("Me and spreadsheets, it's a long story.", "en", C, "neu"),
    ("Je ne souhaite pas reconduire l'assurance du scooter.", "fr", C, "neu"),
    # Resignation said as a plan; still missing after a length.
    ("Bon, il faudra bien qu'on reporte le mariage.", "fr", C, "neg"),
    ("I suppose I'll just walk, then.", "en", C, "neg"),
    ("My passport is still missing after two weeks.", "en", C, "neg"),
    # A right to ask for; a deflection: a negation about oneself, then « call elsewhere ».
    ("Vous pouvez réclamer une indemnisation pour le vol annulé.", "fr", A, "pos"),
    ("Les badges, ça ne passe pas par nous, voyez avec la sécurité.", "fr", A, "neg"),
    ("Lost property isn't handled here, ring the depot.", "en", A, "neg"),
    ("Je ne peux pas annuler la commande, mais vous pouvez la refuser au livreur.", "fr", A, "neu"),
]

ROUND_14 = [
    # Words: the original of a document, an illness or an organ, a departure, a hedge.
    ("Merci d'envoyer l'original du certificat par courrier.", "fr", A, "neu"),
    ("Please bring the original invoice with you.", "en", A, "neu"),
    ("My mother has a heart condition, can the engineer come early?", "en", C, "neu"),
    ("With respect, I don't think that's right.", "en", C, "neg"),
    # Having something done for the customer (a hold stays a step); nothing to pay; a right.
    ("Je vous fais porter les clés par un coursier cet après-midi.", "fr", A, "pos"),
    ("Nous avons fait remplacer le joint de la porte.", "fr", A, "pos"),
    ("We're having the missing part couriered to you tomorrow.", "en", A, "pos"),
    ("Je vous fais livrer le meuble lundi.", "fr", None, "pos"),
    ("Je vous fais patienter le temps de joindre le service.", "fr", A, "neu"),
    ("Vous ne paierez rien pour le déplacement.", "fr", A, "pos"),
    ("This won't cost you anything extra.", "en", A, "pos"),
    ("Votre abonnement vous ouvre droit à deux séances d'essai.", "fr", A, "pos"),
    ("Your membership entitles you to two guest passes.", "en", A, "pos"),
    # A fault that keeps coming back; a habit with no fault.
    ("La télé plante tous les soirs pendant le match.", "fr", C, "neg"),
    ("Le chauffe-eau disjoncte une nuit sur deux.", "fr", C, "neg"),
    ("The lift breaks down every other week.", "en", C, "neg"),
    ("Our paper was late five days in a row.", "en", C, "neg"),
    ("Je promène le chien tous les matins avant d'appeler.", "fr", C, "neu"),
    ("We visit my mum every other weekend.", "en", C, "neu"),
    # Waiting said with other verbs and its length; redress with its object; late by a length.
    ("On a fait la queue quarante minutes à l'accueil.", "fr", C, "neg"),
    ("We sat at the gate for two hours.", "en", C, "neg"),
    ("I want the cancellation fee waived.", "en", C, "neg"),
    ("Le meuble a été livré avec trois jours de retard.", "fr", C, "neg"),
    ("J'ai attendu votre appel pour signer, comme convenu.", "fr", C, "neu"),
    # A dismissal reported (not an instruction); a time booked, then later; goods half spoilt.
    ("Au guichet, on m'a dit d'aller voir ailleurs.", "fr", C, "neg"),
    ("The garage told us to take it up with the dealer.", "en", C, "neg"),
    ("On m'a dit de vous envoyer une photo du compteur.", "fr", C, "neu"),
    ("Le traiteur était attendu à 19 h et il est arrivé à 20 h 30.", "fr", C, "neg"),
    ("The tiler was due at 8 and turned up at 11.", "en", C, "neg"),
    ("Le carton de pots de peinture est arrivé à moitié éventré.", "fr", C, "neg"),
    ("The pizza came half eaten.", "en", C, "neg"),
    ("Le réservoir est à moitié vide, je fais le plein ?", "fr", C, "neu"),
    # Blame: the customer as the cause (not a thing); a question that blames (not one that
    # asks); « n'y pouvoir rien »; « c'est normal que … ? » is no empathy.
    ("Si le virement n'est pas passé, c'est que vous avez inversé deux chiffres.", "fr", A, "neg"),
    ("If your parcel wasn't delivered, that's because you weren't in.", "en", A, "neg"),
    ("Si l'écran ne s'allume pas, c'est que la batterie est vide.", "fr", A, "neu"),
    ("Comment voulez-vous que je remplisse un formulaire qui ne s'ouvre pas ?", "fr", C, "neg"),
    ("How are customers supposed to find the returns address?", "en", C, "neg"),
    ("How am I supposed to plug in the new router?", "en", C, "neu"),
    ("Nous n'y pouvons rien, c'est le fournisseur.", "fr", A, "neg"),
    ("C'est normal que le suivi dise livré alors que je n'ai rien reçu ?", "fr", C, "neg"),
    ("C'est tout à fait normal de vouloir comparer les offres.", "fr", A, "pos"),
    # Own mistakes; praise through a negation (surprise at a fault stays a complaint); a
    # request in spoken order; admiration opening its clause.
    ("Nous nous sommes trompés d'adresse en commandant.", "fr", C, "neu"),
    ("J'ai sélectionné la mauvaise date de départ.", "fr", C, "neu"),
    ("Les enfants n'ont manqué de rien au centre aéré.", "fr", C, "pos"),
    ("The kids wanted for nothing at the holiday club.", "en", C, "pos"),
    ("Je n'en reviens pas, merci pour votre rapidité !", "fr", C, "pos"),
    ("Je n'en reviens pas, encore une facture fausse.", "fr", C, "neg"),
    ("I can't believe how easy that was, thanks.", "en", C, "pos"),
    ("I can't believe you charged me twice.", "en", C, "neg"),
    ("Mon colis n'apparaît pas dans le suivi, vous pouvez relancer ?", "fr", C, "neu"),
    ("Chapeau à l'équipe de nuit, tout était prêt ce matin.", "fr", C, "pos"),
    ("J'ai oublié mon chapeau au vestiaire.", "fr", C, "neu"),
    ("Hats off to your delivery team.", "en", C, "pos"),
]

# Round 15 (blind10's classes): written after the changes; 23 of the 36 fail with main 80de18d.
ROUND_15 = [
    # Homographs the translated lexicon reads as feelings; the oral « bon »; « se régaler ».
    ("Vous avez des rougeurs sur la joue ou sur le front ?", "fr", A, "neu"),
    ("Quelle souris sans fil est compatible avec la borne de prêt ?", "fr", C, "neu"),
    ("He hurt his wrist playing rugby, can we move the lesson?", "en", C, "neu"),
    ("Can I drop the form off at the front desk tomorrow?", "en", C, "neu"),
    ("Bon ben voilà, je voulais savoir si la piscine est ouverte le lundi.", "fr", C, "neu"),
    ("Bon courage pour le déménagement !", "fr", A, "pos"),
    ("Vous allez vous régaler avec ce menu de fêtes !", "fr", A, "pos"),
    # Done for the customer; a booking confirmed with its complement; nothing lost.
    ("J'ai reporté votre cours de danse à la semaine prochaine.", "fr", A, "pos"),
    ("I've extended your trial by two weeks.", "en", A, "pos"),
    ("I moved to Lyon last year.", "en", None, "neu"),
    ("Votre location de vélo électrique est confirmée pour dimanche à 9 h.", "fr", A, "pos"),
    ("Rappel : votre location de vélo commence dimanche à 9 h.", "fr", A, "neu"),
    ("Aucun crédit n'est perdu, il reste valable un an.", "fr", A, "pos"),
    ("You won't lose any of the nights you've already paid for.", "en", A, "pos"),
    # A question forgotten; self-mockery; a replacement asked.
    ("Excusez-moi, j'ai oublié de vous demander le code du wifi.", "fr", C, "neu"),
    ("Moi et la cuisine, c'est une catastrophe, je brûle tout à chaque fois.", "fr", C, "neu"),
    ("J'ai perdu mon badge, comment faire pour en refaire un ?", "fr", C, "neu"),
    ("Je dois tout refaire à cause de votre erreur.", "fr", C, "neg"),
    # Thanks for a notice that came too late are irony; in time, thanks.
    (
        "Merci de m'avoir écrit que la navette était supprimée, une fois arrivé à l'arrêt.",
        "fr",
        C,
        "neg",
    ),
    (
        "Thanks for the email about the closure, once we were already outside the museum.",
        "en",
        C,
        "neg",
    ),
    ("Merci de m'avoir prévenu la veille, c'est très appréciable.", "fr", C, "pos"),
    # Rhetorical questions with the firm's place between; « personne … n'a été capable ».
    ("Is anyone in your accounts team ever going to reply to my letters?", "en", C, "neg"),
    ("Is anyone at the desk able to help with luggage?", "en", C, "neu"),
    ("Personne à la mairie n'a été capable de m'indiquer le bon formulaire.", "fr", C, "neg"),
    ("Personne chez vous n'a pris la peine de répondre à mon courrier.", "fr", C, "neg"),
    # Tries before it works; still billed; redress by its noun; an outage with its length.
    ("Wonderful, a ticket machine that takes three attempts to read a card.", "en", C, "neg"),
    ("We are still being charged for the parking space we gave up in May.", "en", C, "neg"),
    ("Je réclame un dédommagement, nous avons eu trois jours de coupure d'eau.", "fr", C, "neg"),
    ("Je voudrais savoir si un geste commercial est possible.", "fr", C, "neu"),
    ("We had three days without heating in the flat.", "en", C, "neg"),
    # A lost thing found; lasting memory; praise « d'une + quality + intensifier »; a trip spared.
    ("Le cinéma a retrouvé la veste que je cherchais depuis dimanche, merci !", "fr", C, "pos"),
    ("Merci pour le mariage, mes parents en parlent encore.", "fr", C, "pos"),
    ("Encore une facture fausse, bravo.", "fr", C, "neg"),
    (
        "Le vétérinaire a été d'une douceur exemplaire avec notre chat, qui était paniqué.",
        "fr",
        C,
        "pos",
    ),
    ("Le livreur a été d'une lenteur incroyable.", "fr", C, "neg"),
    ("Votre appel m'a évité un aller-retour pour rien, merci.", "fr", C, "pos"),
]
ROUND_16 = [
    # Symptoms, « préparé », « retardé » are content words; "clean" as a verb is a task.
    (
        "Ma fille a vomi dans la voiture de location, vous avez une adresse de lavage ?",
        "fr",
        C,
        "neu",
    ),
    ("Le chien se gratte depuis le changement de croquettes, c'est fréquent ?", "fr", C, "neu"),
    ("Votre dossier de prêt est préparé, le conseiller le signera lundi.", "fr", A, "neu"),
    ("Mon bus est retardé, j'arriverai au cours de yoga vers 19 h.", "fr", C, "neu"),
    ("Please clean the filter once a month.", "en", A, "neu"),
    ("The room was clean and the staff were lovely.", "en", C, "pos"),
    # « pas sérieux »; condolences; feelings hurt.
    ("Deux factures différentes pour le même mois, ce n'est pas sérieux.", "fr", C, "neg"),
    ("Votre sérieux est apprécié, merci.", "fr", C, "pos"),
    ("Nous vous présentons nos sincères condoléances.", "fr", A, "pos"),
    ("Our deepest condolences to you and your family.", "en", A, "pos"),
    ("Mon père a été vexé qu'on lui parle comme à un enfant au guichet.", "fr", C, "neg"),
    ("She was deeply hurt by the comment your driver made.", "en", C, "neg"),
    # Spoilt goods, delivered without a part; their question and praise stay what they were.
    ("Le fromage reçu hier était déjà moisi.", "fr", C, "neg"),
    ("Comment savoir si le lait est tourné ?", "fr", C, "neu"),
    ("The milk in the box was already sour and the apples were bruised.", "en", C, "neg"),
    ("Can I return yoghurts that arrived past their date?", "en", C, "neu"),
    ("Le lave-linge a été livré sans le tuyau d'arrivée d'eau.", "fr", C, "neg"),
    ("Livré sans la moindre rayure, merci !", "fr", C, "pos"),
    ("Three of the ten plates were missing from the parcel.", "en", C, "neg"),
    ("Nothing was missing, thank you so much.", "en", C, "pos"),
    # Thanks for being left to wait; a charge « alors que »; praise on an indefinite noun phrase.
    ("Merci de m'avoir laissé une heure au téléphone, c'est très gentil.", "fr", C, "neg"),
    ("Vous me facturez une nuit de plus alors que j'ai rendu la chambre à 10 h.", "fr", C, "neg"),
    # An exclamation of praise over an indefinite noun phrase is sincere unless its relative
    # says a fault (an implicature the analyser does not read: the rule was dropped).
    ("Génial, un conseiller qui connaît son métier !", "fr", C, "pos"),
    ("Parfait, un technicien qui est venu dès le lendemain, merci.", "fr", C, "pos"),
    ("Great, an agent who actually listens!", "en", C, "pos"),
    ("Super, merci pour votre rapidité !", "fr", C, "pos"),
    # A fee that does not apply; nothing to do; « c'est fait »; « je me charge de ».
    ("Le malus ne s'applique pas pour ce sinistre.", "fr", A, "pos"),
    ("Seniors don't pay the booking fee on Tuesdays.", "en", A, "pos"),
    ("I won't pay the penalty, it was your mistake.", "en", C, "neg"),
    ("Voilà, c'est fait, la carte est débloquée.", "fr", A, "pos"),
    ("Je me charge du dossier auprès de la banque.", "fr", A, "pos"),
    ("We'll text you when the table is ready.", "en", A, "pos"),
    # Counterfactual thanks; « jamais un pépin »; solved by « tout fonctionne » or a repair.
    ("Sans votre conseillère, on ne s'en serait jamais sortis, merci.", "fr", C, "pos"),
    ("Without you I would never have found the form, thanks.", "en", C, "pos"),
    ("Cinq ans d'abonnement et jamais un pépin, bravo.", "fr", C, "pos"),
    ("L'électricien a réparé la prise, tout fonctionne.", "fr", C, "pos"),
    ("Tout fonctionne sauf le Bluetooth, qui ne marche toujours pas.", "fr", C, "neg"),
    # Praise after a drawback; a customer's own slip; « c'est pour savoir »; « c'est normal ? ».
    ("The queue was awful, but the nurse was brilliant.", "en", C, "pos"),
    ("Le colis est arrivé cassé, mais l'emballage, bravo.", "fr", C, "neg"),
    ("Sorry, I put the wrong date on the form, it's the 12th.", "en", C, "neu"),
    ("Sorry, I can't find your booking.", "en", A, "pos"),
    ("c pr savoir si vous livrez le samedi", "fr", C, "neu"),
    ("C'est tout à fait normal de poser la question.", "fr", A, "pos"),
]

ROUND_17 = [
    # Oral negation without « ne » read like the written one (a third party's inability stays a
    # fact); « ne … que » is a restriction, « ne pense pas que » still a negation.
    ("Le terminal de paiement passe pas ma carte depuis ce matin.", "fr", C, "neg"),
    ("Ça marche toujours pas, j'ai redémarré deux fois.", "fr", C, "neg"),
    ("Mon père entend pas bien, vous pouvez parler plus fort ?", "fr", C, "neu"),
    ("J'ai appelé trois fois et personne rappelle.", "fr", C, "neg"),
    ("Je n'ai qu'un justificatif de domicile au nom de mon mari, ça ira ?", "fr", C, "neu"),
    ("Je ne pense pas que ce soit normal de payer deux fois.", "fr", C, "neg"),
    # Waiting said by a noun; ni … ni of things not there; ironic « grâce à vous », sincere
    # without a privation.
    ("Vingt minutes d'attente au drive pour deux cafés.", "fr", C, "neg"),
    ("Ni le code ni la clé n'étaient dans la boîte à clés.", "fr", C, "neg"),
    ("Merci, grâce à vous j'ai raté mon avion.", "fr", C, "neg"),
    ("Grâce à vous, ma fille a eu sa place en crèche.", "fr", C, "pos"),
    # A rhetorical reproach of inaction; an agent reproaching an expectation; dismissal on a
    # condition, and the same condition with an offer.
    ("Vous attendez quoi pour réparer l'ascenseur ?", "fr", C, "neg"),
    (
        "Vous avez choisi l'hôtel le moins cher, fallait pas vous attendre au grand luxe.",
        "fr",
        A,
        "neg",
    ),
    ("Si vous n'êtes pas contente, allez voir la concurrence.", "fr", A, "neg"),
    ("Si vous n'êtes pas satisfaite, nous reprenons l'article sans frais.", "fr", A, "pos"),
    # One's own forgetting with any infinitive (the firm's stays a complaint); « rien trouvé à
    # redire »; the causative of a done action; « je reviens vers vous » stays a commitment.
    ("Zut, j'ai oublié de cocher la case assurance annulation.", "fr", C, "neu"),
    ("Vous avez encore oublié de joindre la facture.", "fr", C, "neg"),
    ("Les enfants n'ont rien trouvé à redire au menu.", "fr", C, "pos"),
    ("J'ai fait rembourser les frais de dossier sur votre carte.", "fr", A, "pos"),
    ("Je fais le point avec mon responsable et je reviens vers vous.", "fr", A, "pos"),
    # Solved by a manner; doubt after a past failure; a proportion or a closure under praise (praise
    # of an opening stays praise); an action without any notice; homographs.
    ("Depuis le ramonage, le poêle chauffe parfaitement.", "fr", C, "pos"),
    (
        "Vous êtes sûr que le rendez-vous est pris, après ce qui s'est passé la dernière fois ?",
        "fr",
        C,
        "neg",
    ),
    ("Bravo, une caisse ouverte sur six à l'heure du déjeuner.", "fr", C, "neg"),
    ("Bravo pour la caisse ouverte le dimanche, c'est pratique.", "fr", C, "pos"),
    ("Mon abonnement a été résilié sans le moindre courrier.", "fr", C, "neg"),
    ("Votre carte grise vous attend en préfecture.", "fr", A, "neu"),
    ("Espace particuliers, Lucie, bonjour.", "fr", A, "neu"),
    ("Le fauteuil roule tout seul maintenant, merci pour la réparation.", "fr", C, "pos"),
    # English: the same classes; a transfer of the call stays a step, an agent's expectation asked
    # about stays a question, a reply never had stays a complaint; praise after a contrast said
    # by a predicate gives the tone (an exclamation after it stays irony).
    ("Fifty minutes of waiting for a two-minute answer.", "en", C, "neg"),
    ("How long is the wait for a new card?", "en", C, "neu"),
    ("Neither the keys nor the parking card were at reception.", "en", C, "neg"),
    ("Thanks to you, my daughter missed her exam.", "en", C, "neg"),
    ("Thanks to you, my daughter passed her exam.", "en", C, "pos"),
    ("The machine swallows my card every single morning.", "en", C, "neg"),
    ("Your call centre keeps telling me to wait another week.", "en", C, "neg"),
    ("What are you waiting for, someone to get hurt?", "en", C, "neg"),
    ("It was the cheapest room, what did you expect?", "en", A, "neg"),
    ("What time do you expect to arrive?", "en", A, "neu"),
    ("If you're not happy with the service, go somewhere else.", "en", A, "neg"),
    ("I forgot to write my flat number on the form.", "en", C, "neu"),
    ("I'm not sure how to read this bill.", "en", C, "neu"),
    ("My mother has never flown, does she need assistance at the airport?", "en", C, "neu"),
    ("I've never had an answer to my complaint.", "en", C, "neg"),
    ("I'll reissue your card and waive the replacement fee.", "en", A, "pos"),
    ("I'll just put you through to the lost property office.", "en", A, "neu"),
    ("I've had the duplicate charge removed.", "en", A, "pos"),
    ("Phew, it's arrived in time.", "en", C, "pos"),
    ("Are you sure it'll be delivered this time, after last week's no-show?", "en", C, "neg"),
    ("Since the service, the car runs like a dream.", "en", C, "pos"),
    ("Your prescription is ready for collection at the counter.", "en", A, "neu"),
    ("The phone was slow to set up, but the assistant was brilliant.", "en", C, "pos"),
    ("La file était longue, mais le caissier a été adorable.", "fr", C, "pos"),
    ("Le site rame, mais l'appli, bravo.", "fr", C, "neg"),
]

# Round 18 (blind13's classes), written after the changes on phrasings of no set; 21 of 43 fail
# with main's analyser, the others are guards (a threat, advice on a condition, a transfer,
# « zéro frais », « n'avons jamais eu de souci », a reference to a text sent).
ROUND_18 = [
    # Bereavement formalities and defects named are the topic of a call; « veuve » and
    # « enterrement » keep their weight outside a date.
    (
        "Suite au décès de ma grand-mère, je dois transférer son abonnement électrique.",
        "fr",
        C,
        "neu",
    ),
    ("Les obsèques ont lieu lundi, pouvez-vous décaler l'intervention ?", "fr", C, "neu"),
    ("L'inhumation est prévue mardi, je serai absent toute la journée.", "fr", C, "neu"),
    ("My brother passed away in May and his phone contract is still running.", "en", C, "neu"),
    ("The wardrobe door has a loose hinge, I've kept the packaging.", "en", C, "neu"),
    ("The login button is at the top of the page.", "en", A, "neu"),
    ("Customer care is open until 6 on Saturdays.", "en", A, "neu"),
    ("Thanks so much for your support, it made a real difference.", "en", C, "pos"),
    # « n'arrête pas de » is no negation; made to repeat N times.
    ("Mon fils n'arrête pas de tousser depuis que vous avez changé la chaudière.", "fr", C, "neg"),
    ("Votre serveur vocal m'a fait recommencer trois fois la même démarche.", "fr", C, "neg"),
    ("You made us fill in the same form three times.", "en", C, "neg"),
    # N of M cancelled, billed in full; a bill's noun alone stays news.
    (
        "Le club a annulé trois matchs sur quatre et on nous prélève la cotisation entière.",
        "fr",
        C,
        "neg",
    ),
    ("Votre facture est complète, il ne manque aucune ligne.", "fr", A, "neu"),
    ("They charged us the whole season although the rink was shut in January.", "en", C, "neg"),
    # ni … ni … ne + an act; never a problem stays praise.
    ("Ni la mairie ni votre service ne m'ont répondu.", "fr", C, "neg"),
    ("Ni mon mari ni moi n'avons jamais eu de souci avec vous.", "fr", C, "pos"),
    ("Neither the landlord nor your team ever replied to my letter.", "en", C, "neg"),
    # « je vous préviens que » + an absence is news; the threat stays a complaint.
    ("Je vous préviens que mon mari ne sera pas là jeudi, il travaille.", "fr", C, "neu"),
    ("Je vous préviens, je ne paierai pas cette facture.", "fr", C, "neg"),
    # A commitment with an apposition; negated, news.
    ("Notre plombier, Monsieur Leroy, passera demain matin.", "fr", A, "pos"),
    ("Notre plombier, Monsieur Leroy, ne passera pas avant lundi.", "fr", A, "neu"),
    # « a doublé » of a price is a complaint, of something good is not.
    ("Ma mensualité a doublé sans prévenir.", "fr", C, "neg"),
    ("Nos réservations ont doublé depuis votre campagne, merci beaucoup.", "fr", C, "pos"),
    # « zéro » + a noun under praise; « zéro frais » is praise.
    ("Bravo, zéro réponse depuis deux semaines.", "fr", C, "neg"),
    ("Super, zéro frais de dossier, merci !", "fr", C, "pos"),
    ("Great, zero signal in the whole flat.", "en", C, "neg"),
    # N months of chasing for …
    ("Enfin reçu ! Quatre mois de relances pour une carte grise.", "fr", C, "neg"),
    ("At last! Three weeks of calls for a new SIM.", "en", C, "neg"),
    # « je viens de + infinitive of service »; a transfer stays a step.
    ("Je viens de vous rembourser les frais de port.", "fr", A, "pos"),
    ("Je viens de vous transférer au service technique.", "fr", A, "neu"),
    # English ports: an explanation as to why, out of order since, why am I paying, I've set up.
    ("I'd appreciate an explanation for why the meter reading was ignored.", "en", C, "neg"),
    ("The intercom has been broken since last Wednesday.", "en", C, "neg"),
    ("The pool has been closed for cleaning, is the gym still open?", "en", C, "neu"),
    ("Why am I still paying for a landline I cancelled?", "en", C, "neg"),
    ("I've set up your new direct debit for the 1st.", "en", A, "pos"),
    ("The code is in the text we sent you yesterday.", "en", A, "neu"),
    ("We sent you a replacement card on Monday.", "en", A, "pos"),
    # Counterfactual blame; advice with a condition stays neutral; closing the discussion.
    ("If you'd checked the address, this wouldn't have happened.", "en", A, "neg"),
    ("If you pay by direct debit, you won't have to pay the fee.", "en", A, "pos"),
    ("Si vous aviez relevé votre compteur, vous n'en seriez pas là.", "fr", A, "neg"),
    ("Si vous payez en ligne, vous n'aurez pas à vous déplacer.", "fr", A, "neu"),
    ("I'm not going to debate this any further, madam.", "en", A, "neg"),
    ("Désolée, mais je ne vais pas revenir là-dessus encore une fois.", "fr", A, "neg"),
]


# Round 19 (blind14's classes): phrasings of no set, written after the changes.
ROUND_19 = [
    # A charge negated for the customer is good news (round 11, point 2); billed later, or
    # asked, is not.
    ("La reprogrammation du badge ne vous sera pas facturée.", "fr", A, "pos"),
    ("Vous ne serez pas débité avant la fin de l'essai gratuit.", "fr", A, "pos"),
    ("Si vous résiliez avant le 10, vous n'aurez pas de frais de dossier.", "fr", A, "pos"),
    ("You won't be billed for the missed collection.", "en", A, "pos"),
    ("You won't be charged until the first of the month.", "en", A, "neu"),
    ("Est-ce que la réinstallation me sera facturée ?", "fr", C, "neu"),
    # Thanks for a harm are irony; a polite request with « merci de me facturer » is not.
    ("Merci beaucoup de m'avoir débité l'assurance que j'avais refusée.", "fr", C, "neg"),
    ("Merci d'avoir perdu mon dossier pour la troisième fois.", "fr", C, "neg"),
    ("Thanks for billing me for a month I wasn't even a member.", "en", C, "neg"),
    ("Thank you for hanging up on me yesterday afternoon.", "en", C, "neg"),
    ("Merci de me facturer en deux fois, si c'est possible.", "fr", C, "neu"),
    ("Thanks for sorting my refund so quickly.", "en", C, "pos"),
    # A third party on the way is a commitment; a parcel on its way is news; negated, news.
    ("La technicienne est en route, elle sera là vers 11 h.", "fr", A, "pos"),
    ("Votre colis est en route vers le point relais.", "fr", A, "neu"),
    ("The electrician is on his way and will be there by three.", "en", A, "pos"),
    ("Our fitter should be at your address between 8 and 10.", "en", A, "pos"),
    ("Je vous mets la dernière taille de côté jusqu'à jeudi.", "fr", A, "pos"),
    ("I'll keep the last copy aside for you until Monday.", "en", A, "pos"),
    # Rhetorical questions of blame; a genuine question about a name or a payment stays neutral.
    ("C'est ce que vous appelez un service client ?", "fr", C, "neg"),
    ("You call that a refund?", "en", C, "neg"),
    ("What do you call this part of the form?", "en", C, "neu"),
    ("Et maintenant vous voulez que je paie le remorquage ?", "fr", C, "neg"),
    ("Vous voulez que je paie par virement ou par chèque ?", "fr", C, "neu"),
    ("What am I paying a maintenance fee for?", "en", C, "neg"),
    ("And you expect me to pay for the second visit?", "en", C, "neg"),
    # Time lost on the phone, counted, is a complaint; a distance is not.
    ("Trois quarts d'heure en ligne pour qu'on me raccroche au nez.", "fr", C, "neg"),
    ("Super, deux heures au guichet pour un simple tampon.", "fr", C, "neg"),
    ("Brilliant, forty minutes on hold to be cut off.", "en", C, "neg"),
    ("We live ten minutes on foot from the depot.", "en", C, "neu"),
    # Praise over an indefinite noun whose relative denies everything is irony.
    ("Bravo, une mutuelle qui ne rembourse plus rien.", "fr", C, "neg"),
    ("Great, an app that does nothing after the update.", "en", C, "neg"),
    # Praise through a negation.
    ("Les petits ne voulaient plus rentrer, merci pour l'accueil.", "fr", C, "pos"),
    ("Our daughter didn't want to leave!", "en", C, "pos"),
    ("Nous n'aurions jamais trouvé sans votre conseillère.", "fr", C, "pos"),
    ("I couldn't have sorted the paperwork without your colleague.", "en", C, "pos"),
    ("We've never had a poor service from your drivers.", "en", C, "pos"),
    ("On n'a jamais eu de mauvaise surprise avec vous.", "fr", C, "pos"),
    ("We couldn't fault the installers.", "en", C, "pos"),
    ("I've never had a reply to my letter.", "en", C, "neg"),
    # Mocking oneself, the thing first.
    ("Maths and me never got along, to be honest.", "en", C, "neu"),
    ("La paperasse et moi, ça n'a jamais été ça.", "fr", C, "neu"),
    # Letters of complaint.
    ("I am writing to express my dissatisfaction with the handling of my claim.", "en", C, "neg"),
    ("The installer failed to turn up on Friday.", "en", C, "neg"),
    ("We failed to find the receipt, can you resend it?", "en", C, "neu"),
    ("Le nouveau compteur a le même problème que l'ancien.", "fr", C, "neg"),
    # Solved, with any verb of a machine.
    ("The pump's working properly again, thank you.", "en", C, "pos"),
    # The counterfactual reproach said by its consequence; an offer on a condition is not.
    ("If you had read the instructions, the screen wouldn't be this scratched.", "en", A, "neg"),
    ("Si vous étiez passé avant midi, ce serait beaucoup plus simple.", "fr", A, "neg"),
    ("If you'd like, we can book the repair now.", "en", A, "pos"),
    # An agent's question has no word score; an offer asked stays an offer.
    ("Le voyant est-il vert ou rouge ?", "fr", A, "neu"),
    ("Is the screen bright or dim when it starts?", "en", A, "neu"),
    ("Souhaitez-vous que je vous rappelle demain ?", "fr", A, "pos"),
]

ROUND_20 = [
    # Work done the wrong way, rudeness « au nez »: the trouble under ironic praise, or a
    # complaint alone.
    ("Formidable, la porte du garage posée à l'envers.", "fr", C, "neg"),
    ("Wonderful, the shelves fitted back to front.", "en", C, "neg"),
    ("Le guichetier m'a raccroché au nez deux fois.", "fr", C, "neg"),
    ("The porter shut the door in my face.", "en", C, "neg"),
    # « sert à rien » without « ne »; what a button is for is a question.
    ("Ce numéro vert sert vraiment à rien.", "fr", C, "neg"),
    ("Il sert à quoi, ce code à six chiffres ?", "fr", C, "neu"),
    # The staff's instruction set against the customer's plight; asking for another way is not.
    ("Vous me demandez de patienter alors que mon vol part dans une heure ?", "fr", C, "neg"),
    ("How could you bill me twice when I cancelled in March?", "en", C, "neg"),
    ("Vous me dites d'envoyer l'original alors que je l'ai perdu, comment faire ?", "fr", C, "neu"),
    # Waiting counted by where it was suffered.
    ("Trois heures debout dans le hall de la gare.", "fr", C, "neg"),
    ("Twenty minutes in the cold at the stop, again.", "en", C, "neg"),
    # Repaired « soi-disant », "supposedly"; a refund expected; thanks for a late notice.
    ("Le volet roulant soi-disant changé reste bloqué.", "fr", C, "neg"),
    ("The lift, supposedly repaired on Monday, is stuck again.", "en", C, "neg"),
    ("I expect to be reimbursed for the extra night.", "en", C, "neg"),
    ("Thanks for the heads-up about the closure a week after it happened.", "en", C, "neg"),
    ("Thanks for warning me about the closure before I set off.", "en", C, "pos"),
    # Praise through a negation of any staff quality; not of a fault.
    ("Je n'ai jamais vu une infirmière aussi douce avec les enfants.", "fr", C, "pos"),
    ("I've never met such a considerate driver.", "en", C, "pos"),
    ("Jamais vu une agence aussi désorganisée.", "fr", C, "neg"),
    ("The nurse couldn't have been more reassuring.", "en", C, "pos"),
    ("Le serveur n'aurait pas pu être plus attentionné.", "fr", C, "pos"),
    ("I couldn't have been clearer on the phone, and it's still wrong.", "en", C, "neg"),
    # Own facts with a third party's pronoun, or a trailing sorry.
    ("J'ai oublié de leur dire que je changeais d'adresse.", "fr", C, "neu"),
    ("I forgot to tell the front desk my room number, sorry.", "en", C, "neu"),
    # Paying only part is good news; a title and a name who will call, a commitment; any
    # action confirmed with its date, a commitment kept; a delay confirmed, news.
    ("Vous ne paierez que le premier mois, le reste est offert.", "fr", A, "pos"),
    ("You'll only pay the reduced fare on that route.", "en", A, "pos"),
    ("Maître Durand vous rappellera lundi matin.", "fr", A, "pos"),
    ("Mrs Oduya will call you back before five.", "en", A, "pos"),
    ("Ramassage confirmé le lundi 12 à 7 h.", "fr", A, "pos"),
    ("Retard confirmé pour le vol de 18 h.", "fr", A, "neu"),
    # Sending the customer to a third party is deflection.
    ("C'est le transporteur qui a perdu le colis, débrouillez-vous avec lui.", "fr", A, "neg"),
    # Indirect yes/no questions ask about a topic; a "why" asked is blame.
    ("Savez-vous si la piscine est chauffée en hiver ?", "fr", C, "neu"),
    ("Do you know whether the spa is included in the price?", "en", C, "neu"),
    ("I was wondering if the free shuttle runs on Sundays.", "en", C, "neu"),
    # A greeting with the firm's name and the agent's is neutral.
    ("Bonjour, Pharmacie du Bon Secours, Lucie à votre écoute.", "fr", A, "neu"),
    ("Good morning, Happy Paws Grooming, Sam speaking.", "en", A, "neu"),
    # A lawyer is a threat as one's own, not as the service asked for.
    ("Je transmets le dossier à mon avocat dès demain.", "fr", C, "neg"),
    ("Je cherche un avocat spécialisé en droit immobilier, vous en avez un ?", "fr", C, "neu"),
    # A contract's name and suspending a service are topics.
    ("Your lease agreement is attached to this email.", "en", A, "neu"),
    ("Je souhaite suspendre mon forfait pendant trois mois.", "fr", C, "neu"),
    # Item 7's ports: broken promises, waiting measured, paying for the firm's error.
    ("You were supposed to email me the quote on Monday.", "en", C, "neg"),
    ("L'électricien était censé rappeler avant midi.", "fr", C, "neg"),
    ("It took them four months to answer my letter.", "en", C, "neg"),
    ("It took me a while to find the code, here it is.", "en", C, "neu"),
    ("Il vous a fallu trois mois pour encaisser un chèque.", "fr", C, "neg"),
    ("You've had my bike for three weeks now.", "en", C, "neg"),
    ("Je ne vais pas payer pour votre propre erreur.", "fr", C, "neg"),
    ("We had to book the hotel again at the airport.", "en", C, "neg"),
    ("Please ring me back on Thursday.", "en", C, "neu"),
    ("The heating is back on, thanks a lot.", "en", C, "pos"),
]

ROUND_21 = [
    # Topics a general lexicon colours: hands-free, bought, retired, holidays, a care plan, a
    # loyalty card; praise that is a wish stays one.
    ("Le casque mains libres ne se connecte plus, vous pouvez m'aider ?", "fr", C, "neu"),
    ("Nous partons en vacances le 14, merci de garder le courrier.", "fr", C, "neu"),
    ("Bonnes vacances, et merci pour votre appel !", "fr", A, "pos"),
    ("Her care package starts on Monday, can the carer bring the key?", "en", C, "neu"),
    ("I've lost my loyalty card, can you send a new one?", "en", C, "neu"),
    # Praise words the lexicon lacks, after a contrast; « rapide » alone is a topic.
    ("Le site a planté, mais l'hôtesse a été très pro et super rapide.", "fr", C, "pos"),
    ("J'ai une petite question rapide sur ma facture.", "fr", C, "neu"),
    ("L'accueil, charmant. Le standard, injoignable depuis jeudi.", "fr", C, "neg"),
    ("Your switchboard has been unreachable all week.", "en", C, "neg"),
    # Thanks for a notice after the fact; in time, thanks.
    ("Merci de m'avoir prévenu de la panne une fois la réparation payée.", "fr", C, "neg"),
    ("Thanks so very much for the reminder once the deadline had already passed.", "en", C, "neg"),
    ("Thank you very much for warning us before we set off.", "en", C, "pos"),
    # A negation after « de » is the infinitive's, not the feeling's.
    ("J'ai très peur de ne pas être remboursée à temps.", "fr", C, "neg"),
    ("Ravie de ne plus avoir à me déplacer pour ça, merci !", "fr", C, "pos"),
    # An agent's dismissal; the firm's other products are information.
    ("Vous n'êtes pas notre seule cliente, madame.", "fr", A, "neg"),
    ("I've got other callers waiting, sir.", "en", A, "neg"),
    # « C'est comme ça que vous + any verb + people ? », "Is this how you + verb + people?".
    ("C'est comme ça que vous récompensez vos clients fidèles, par une hausse ?", "fr", C, "neg"),
    ("Is this how you thank loyal members, with a price rise?", "en", C, "neg"),
    # Waiting measured without a subject, under ironic praise.
    ("Super, attendu une heure à la caisse pour rien.", "fr", C, "neg"),
    ("Lovely, waited fifty minutes at the desk for nothing.", "en", C, "neg"),
    # Free for a group of customers, good news from an agent.
    ("Students travel free on the night buses.", "en", A, "pos"),
    # The firm's incapacity despite repeated visits; everything promised undone.
    ("Votre service n'a jamais su me dire où était le colis, malgré six appels.", "fr", C, "neg"),
    ("Rien de ce que le vendeur avait annoncé n'a été installé.", "fr", C, "neg"),
    # A fault counted; an explanation demanded.
    ("C'est la deuxième fuite en trois mois dans la même salle de bains.", "fr", C, "neg"),
    ("That's the third outage this month, and I want an explanation.", "en", C, "neg"),
    # An injunction with the threat to end the call.
    ("Stop raising your voice or I'm hanging up.", "en", A, "neg"),
    ("Arrêtez de hurler, sinon je mets fin à l'appel.", "fr", A, "neg"),
    # Done for the customer: a file approved, a payment leaving on a date; passed on, a step.
    ("Votre demande d'aide a été accordée, le virement part demain.", "fr", A, "pos"),
    ("Votre dossier a été transmis au service contentieux.", "fr", A, "neu"),
    # A third party by role who will call; nobody will, no commitment.
    ("Une conseillère de l'agence de Lyon vous rappellera cet après-midi.", "fr", A, "pos"),
    ("Someone from the lettings team will email you tonight.", "en", A, "pos"),
    # A duration opening the line, a reproach; in a question, a rule asked.
    ("Un mois pour changer un joint de robinet.", "fr", C, "neg"),
    ("Six weeks to answer one email.", "en", C, "neg"),
    ("Dix jours pour recevoir la carte, c'est le délai habituel ?", "fr", C, "neu"),
    # The wait still to come, counted in a question; a question about a rule is not.
    ("Encore combien de temps vais-je devoir patienter sans eau chaude ?", "fr", C, "neg"),
    ("How many more nights are we expected to sleep without heating?", "en", C, "neg"),
    ("How many more days do I have to keep the old meter?", "en", C, "neu"),
]

ROUND_22 = [
    # Work done badly (« mal » + participle, "badly" + participle) under ironic praise; « pas mal
    # posé » is a litotes; praise « du beau travail » alone stays praise.
    ("Bravo pour le papier peint mal collé dans l'entrée.", "fr", C, "neg"),
    ("Le parquet n'est pas mal posé du tout, merci.", "fr", C, "pos"),
    ("Well done on the badly tiled shower, really.", "en", C, "neg"),
    # Money gone out to the customer, and when they will have it; a dispatch is news.
    ("Votre avoir est parti hier par courrier.", "fr", A, "pos"),
    ("Vous le recevrez au plus tard mercredi.", "fr", A, "pos"),
    ("Votre commande a été expédiée lundi.", "fr", A, "neu"),
    ("Your compensation went out yesterday.", "en", A, "pos"),
    # Paying and not getting, asked rhetorically; a question about a bill line is not.
    ("C'est correct de payer la cantine et de ne jamais avoir de dessert ?", "fr", C, "neg"),
    ("Is it fair to pay for a sea view and get a car park?", "en", C, "neg"),
    ("Which services does the family plan pay for?", "en", C, "neu"),
    # A first time with « jamais » / "never" and a how-question; never received is a complaint.
    ("Je n'ai jamais utilisé de consigne automatique, comment ça marche ?", "fr", C, "neu"),
    ("Je n'ai jamais reçu ma carte, comment je fais ?", "fr", C, "neg"),
    ("We've never booked a sleeper cabin, how does it work?", "en", C, "neu"),
    # A waiting list measured in time; asking to join it is a request.
    ("Ma mère est sur liste d'attente pour une chambre depuis deux ans.", "fr", C, "neg"),
    ("We've been on the waiting list for a plot for five years.", "en", C, "neg"),
    # Acted « sans prévenir »; a question about coming unannounced is none.
    ("Le bailleur a coupé l'eau chaude sans nous avertir.", "fr", C, "neg"),
    ("On peut venir sans prévenir le samedi ?", "fr", C, "neu"),
    # A confirmation led by the sender's name.
    ("Pressing Lumière : votre dépôt du 3 juin est confirmé.", "fr", A, "pos"),
    ("Riverside Vets - your check-up on 2 June at 4 pm is confirmed.", "en", A, "pos"),
    # Deflection then an order to go elsewhere; the reproach of repetition; "stop + -ing".
    ("C'est le syndic qui a commandé les travaux, pas nous, écrivez-leur.", "fr", A, "neg"),
    ("On vous l'a déjà expliqué, le tarif ne change pas.", "fr", A, "neg"),
    ("Stop blocking the fire door with your bags.", "en", A, "neg"),
    ("Stop worrying, it's all sorted now.", "en", A, "pos"),
    # Confusion before a question; « je ne comprends pas pourquoi » stays a reproach.
    ("Je ne suis pas sûre de comprendre, je dois envoyer l'original ?", "fr", C, "neu"),
    ("Sorry, I'm totally lost, which form do I fill in?", "en", C, "neu"),
    ("I don't understand why my card was refused.", "en", C, "neg"),
    # "clear" in an instruction; praise stays praise.
    ("Leave the hallway clear for the removal men.", "en", A, "neu"),
    # The agent owning the fault; the customer's own fault is a fact.
    ("Apologies for the confusion over your bill, Mr Lee.", "en", A, "pos"),
    ("C'est entièrement de notre faute, Monsieur Blanc.", "fr", A, "pos"),
    ("Apologies for ringing twice, I just wanted the opening hours.", "en", C, "neu"),
    # Counterfactual thanks to a person by name; a thing is not praised.
    ("I'd never have passed without Mr Okafor's lessons.", "en", C, "pos"),
    ("Je n'y serais jamais arrivée sans Mélanie, merci à elle.", "fr", C, "pos"),
    # Thanks for a notice of what is already past; a notice in time is thanks.
    ("Thanks for the letter saying my parking permit expired last month.", "en", C, "neg"),
    ("Merci pour le mail m'informant que la réunion a eu lieu hier.", "fr", C, "neg"),
    ("Merci pour le message de rappel, c'est bien noté pour jeudi.", "fr", C, "pos"),
]

ROUNDS = (
    ROUND_8,
    ROUND_9,
    ROUND_10,
    ROUND_11,
    ROUND_12,
    ROUND_13,
    ROUND_14,
    ROUND_15,
    ROUND_16,
    ROUND_17,
    ROUND_18,
    ROUND_19,
    ROUND_20,
    ROUND_21,
    ROUND_22,
)
CASES = [(n, *case) for n, cases in enumerate(ROUNDS, 8) for case in cases]


@pytest.mark.parametrize(("round_", "text", "lang", "speaker", "label"), CASES)
def test_round_classes(round_, text, lang, speaker, label):
    assert sentiment(text, lang, speaker=speaker).label == label


# Round 9: a loose confirmation and a passive refusal are heard; a file not yet sent is none.
ACTS = [
    ("c est ca ?", "fr", "confirm", True),
    ("cest bien ca?", "fr", "confirm", True),
    ("Le rendez-vous était mardi, c'est bien le cas ?", "fr", "confirm", True),
    ("Ces coordonnées ne peuvent pas être communiquées.", "fr", "refusal", True),
    ("Ces informations ne sont pas communicables par téléphone.", "fr", "refusal", True),
    ("Those details can't be given out over the phone.", "en", "refusal", True),
    ("Votre dossier n'est pas encore transmis au service.", "fr", "refusal", False),
]


@pytest.mark.parametrize(("text", "lang", "act", "heard"), ACTS)
def test_round_9_acts(text, lang, act, heard):
    assert (act in acts(text, lang)) is heard
