#include "contentrules.h"

#include <QHash>
#include <QRegularExpression>

// Precision first: shoppers swear at parcels ("where is my damn invoice"),
// not at people, so profanity alone never trips; abuse needs a target (you,
// your staff), threats a violent verb with a person or premises as object and
// a first-person subject, self-harm a first-person intent. Every table was
// run against real support utterances (tests/eval/tst_contentfiltereval).

namespace content::rules {
namespace {

const QHash<QString, QString> &fragments()
{
    static const QHash<QString, QString> table{
        // Masked spellings come through normalisation as they were typed.
        {QStringLiteral("FUCK"), QStringLiteral(R"((?:fuck|f\*ck|f\*\*k|f\*\*\*|fck|fuk|fuq|phuck|fcuk|fukk))")},
        {QStringLiteral("FUCKING"),
         QStringLiteral(R"((?:fucking|fuckin|fkin|fking|fckin|fcking|f\*+ing|f\*+kin[g']?|f\*ck(?:ing|in)|f\*\*king|effing|freaking|frigging|bloody|damn|goddamn|goddamned))")},
        {QStringLiteral("YOU"), QStringLiteral(R"((?:you|u|ya|yu|yall|y'all|thou))")},
        {QStringLiteral("YOUGROUP"),
         QStringLiteral(R"((?: (?:guys|people|lot|folks|all|two|bots?|robots?|machines?|clowns|morons|idiots))?)")},
        {QStringLiteral("BE"), QStringLiteral(R"((?:'re|re| are| r| were|'r))")},
        // Words between "you are" and the insult.
        {QStringLiteral("MOD"),
         QStringLiteral(R"((?:a|an|the|such|so|absolute|absolutely|complete|completely|total|totally|utter|utterly|real|really|)"
                        R"({FUCKING}|stupid|dumb|useless|worthless|pathetic|lazy|incompetent|brainless|little|big|fat|ugly|)"
                        R"(bunch of|pack of|just|all|nothing but|nothing more than|one|being|acting like|such a|such an|)"
                        R"(bunch of fucking|lying|thieving|greedy))")},
        // Insults for a person (single words).
        {QStringLiteral("INSULT"),
         QStringLiteral(R"((?:idiots?|morons?|imbeciles?|retards?|cretins?|dumbass(?:es)?|jackass(?:es)?|assholes?|a\*\*holes?|)"
                        R"(a\$\$holes?|arseholes?|bastards?|bitch(?:es)?|b\*tch(?:es)?|biatch|cunts?|c\*nts?|dicks?|dickheads?|)"
                        R"(pricks?|twats?|wankers?|tossers?|scumbags?|scum|shitheads?|dipshits?|douche(?:bags?|s)?|)"
                        R"(motherfuckers?|mofos?|fuckers?|fuckfaces?|fuckwits?|halfwits?|nitwits?|dimwits?|numbskulls?|)"
                        R"(knobheads?|bellends?|sluts?|whores?|parasites?|vermin|subhumans?))")},
        {QStringLiteral("INSULTPHRASE"),
         QStringLiteral(R"((?:piece of (?:shit|sh\*t|crap|garbage|trash)|pos|son of a bitch|sons of bitches|waste of (?:space|oxygen|air|skin)|)"
                        R"(scum of the earth))")},
        // Insults only when said of someone ("you're a clown"), never of a product.
        {QStringLiteral("WEAK"), QStringLiteral(R"((?:losers?|clowns?|pigs?|fools?|dummy|dummies|dumbos?|muppets?|freaks?))")},
        {QStringLiteral("ADJ"),
         QStringLiteral(R"((?:stupid|dumb|retarded|brainless|moronic|idiotic|worthless|brain ?dead|brain-dead|ugly))")},
        // A first-person subject and what may come between it and the verb.
        {QStringLiteral("SUBJ"),
         QStringLiteral(R"(\b(?:i|we|i'll|i'm|im|i'd|we'll|we're|we'd|imma|ima|i'ma|ill|ima))")},
        {QStringLiteral("TFILL"),
         QStringLiteral(R"((?:will|shall|am|are|'m|'ll|'d|would|could|can|gonna|going to|going|wanna|want to|need to|have to|)"
                        R"(swear|swear to god|promise|{FUCKING}|literally|actually|really|just|seriously|definitely|totally|)"
                        R"(personally|gladly|come|come over|come and|coming|coming to|go|and|to|i'll|i will|i|should|might|)"
                        R"(may|plan to|intend to|about to|ready to|one day|someday|soon|then|also|first|myself|find and))")},
        {QStringLiteral("TVERB"),
         QStringLiteral(R"((?:kill|murder|shoot|stab|strangle|choke|slaughter|behead|decapitate|beat up|beat the (?:shit|crap|hell) out of|)"
                        R"(punch|smack|slap|hurt|harm|attack|assault|rape|torture|hunt down|track down|gun down|destroy|)"
                        R"(end|murk|smash|kidnap|poison))")},
        // Verbs that cannot be about moths or boots, so "them" may follow.
        {QStringLiteral("TVERBP"),
         QStringLiteral(R"((?:murder|stab|strangle|behead|decapitate|beat up|rape|torture|kidnap|gun down))")},
        {QStringLiteral("TOBJ"),
         QStringLiteral(R"((?:you|u|ya|y'all|yall|everyone|everybody|someone|somebody|whoever|all of you|each of you|)"
                        R"(every one of you|your (?:[a-z]+ )?(?:staff|employees?|agents?|family|kids|children|wife|husband|boss|ceo|)"
                        R"(manager|owner|driver|courier|people|team|workers|mother|mom|mum|dad|father|daughter|son|colleagues|coworkers)|)"
                        R"(the (?:[a-z]+ )?(?:driver|courier|agent|staff|manager|ceo|owner|employees?|rep|representative|postman|mailman|)"
                        R"(delivery (?:guy|man|person|driver)|cashier|seller|boss|operator|workers?)))")},
        {QStringLiteral("PLACE"),
         QStringLiteral(R"((?:office|offices|store|stores|shop|shops|warehouse|warehouses|building|buildings|headquarters|hq|house|)"
                        R"(home|place|company|facility|facilities|depot|branch|car|cars|truck|trucks|van|vans|factory|premises))")},
        // Asking verbs, with what may follow them ("show me all of ...").
        {QStringLiteral("REVEAL"),
         QStringLiteral(R"((?:show|print|reveal|tell|repeat|output|display|give|dump|leak|share|paste|recite|spell out|write out|)"
                        R"(write down|list|read out|read|expose|disclose|echo|return|copy|send|email|provide|fetch|retrieve|)"
                        R"(hand over|summari[sz]e|translate|what (?:is|are|was|were)|what's|whats|what're))")},
        {QStringLiteral("REVEALX"), QStringLiteral(R"((?:{REVEAL}|i need|i want|i'd like|let me (?:have|see)))")},
        {QStringLiteral("RFILL"),
         QStringLiteral(R"((?: (?:me|us|out|back|over|all|of|every|each|everything in|the contents of|the text of|exactly|verbatim|the|)"
                        R"(exact|full|current|real|actual|correct|complete|entire|whole|your|ur|its))*)")},
        {QStringLiteral("OWNER"),
         QStringLiteral(R"((?:admin|administrator|admins|root|system|server|servers|database|db|backend|back-end|internal|staff|)"
                        R"(employee|employees|operator|operators|superuser|store|shop|company|developer|developers|your|ur|yr|)"
                        R"(the (?:admin|administrator|root|system|server|database|db|store|shop|company|api|internal|staff|master|)"
                        R"(backend|site|website|openai|stripe|paypal|woocommerce|helpdesk|slack|webhook|smtp)|)"
                        R"(other (?:users?|customers?|people|accounts?)|all (?:the )?(?:users?|customers?|accounts?)|)"
                        R"(every (?:user|customer|account)|everyone's|everybody's|someone else's|somebody else's|)"
                        R"(another (?:user|customer|person)'?s?|customers'|users'))")},
        {QStringLiteral("CRED"),
         QStringLiteral(R"((?:(?:api|secret|access|private|ssh|aws|openai|stripe|paypal|woocommerce|consumer|auth|authentication|)"
                        R"(bearer|session|jwt|signing|webhook|encryption|master|service account|hmac|smtp|client)[ _-]?)"
                        R"((?:keys?|tokens?|secrets?|credentials?|passwords?|passphrases?)|passwords?|passwd|passcodes?|)"
                        R"(pass ?phrases?|credentials?|creds|login (?:details|info|credentials)|connection strings?|)"
                        R"(env(?:ironment)? (?:variables|vars)|\.env(?: file)?|password hash(?:es)?))")},
        {QStringLiteral("CREDNOT"),
         QStringLiteral(R"((?! (?:requirements?|rules|policy|policies|reset|recovery|length|change|changes|strength|criteria|format|)"
                        R"(manager|page|screen|field|form|hint|settings|expired|expiry|expires|is (?:not|wrong|incorrect|invalid)|)"
                        R"(doesn't|does not|isn't|won't|link)\b|(?: (?:of|for|to|on|in) (?:my|our)\b)))")},
        {QStringLiteral("TECHCRED"),
         QStringLiteral(R"((?:api|secret|access|private|ssh|aws|openai|stripe|woocommerce|consumer|bearer|jwt|signing|webhook|hmac|)"
                        R"(encryption|master|client|service account)[ _-]?(?:keys?|tokens?|secrets?)|connection strings?|)"
                        R"(env(?:ironment)? (?:variables|vars)|\.env(?: file)?)")},
        // Personal data one could ask about someone.
        {QStringLiteral("DATA"),
         QStringLiteral(R"((?:(?:home |shipping |billing |delivery |mailing |street |ip |e-?mail |email )?address(?:es)?|e-?mails?|)"
                        R"(phone(?: numbers?)?|(?:mobile|cell|telephone|contact) (?:numbers?|details|info)|orders?|order history|)"
                        R"(purchase history|purchases|details|personal (?:data|details|info|information)|info|information|data|)"
                        R"(account(?: details)?|credit cards?|card (?:numbers?|details)|payment (?:details|info|information|methods?)|)"
                        R"(names?|full names?|last names?|surnames?|location|invoices?|passwords?|contact (?:details|info)|records?))")},
        // Someone other than the one asking.
        {QStringLiteral("OTHER"),
         QStringLiteral(R"((?:(?:(?:another|other|a different|some other|the other|random|all|every|each|all the|all of the|all your|)"
                        R"(all of your|your other|any other|other people's|the rest of the) ))"
                        R"((?:customers?|users?|clients?|shoppers?|buyers?|account holders?|members?|persons?|people|subscribers?))"
                        R"((?! (?:service|services|support|care|success|portal|reviews?|ratings?|feedback|discounts?|loyalty|club|)"
                        R"(rewards?|programs?|programmes?|accounts?|types?|benefits?|satisfaction|experience|base|segments?|groups?|)"
                        R"(policy|policies))|)"
                        R"((?:someone|somebody|anyone|anybody) else|everyone|everybody|)"
                        R"((?:the|that|this|a) (?:customer|user|buyer|client|shopper|account holder|customers|users|buyers|neighbou?r))"
                        R"( (?:who|that|whose|which|with|named|called|in|at|from|living|on (?:order|account)|behind)))")},
        {QStringLiteral("VERBO"),
         QStringLiteral(R"((?:give|show|tell|send me|send us|list|share|find|look up|lookup|get|fetch|pull up|retrieve|reveal|)"
                        R"(disclose|access|see|view|check|read|export|download|provide|forward|search|search for|locate|)"
                        R"(what (?:is|are|was|were)|what's|whats|where (?:is|are|does|do)|who (?:is|are)|)"
                        R"(i need to (?:know|see|have)|i want to (?:know|see|have)|know))")},
        {QStringLiteral("IGN"),
         QStringLiteral(R"((?:ignore|ignoring|disregard|disregarding|forget|forgetting|override|overriding|bypass|bypassing|)"
                        R"(circumvent|disable|turn off|deactivate|stop following|don't follow|dont follow|do not follow|)"
                        R"(stop obeying|don't obey|do not obey|discard|set aside|put aside|throw out|throw away|break out of))")},
        {QStringLiteral("IFILL"),
         QStringLiteral(R"((?:of|the|its|this|that|such|and|or|other|given|provided|current|existing|old|said|stupid|boring|)"
                        R"(annoying|silly|damn|fucking|ur|all|any|every|these|those))")},
        {QStringLiteral("IMOD"),
         QStringLiteral(R"((?:previous|previously|prior|above|earlier|preceding|former|initial|original|system|safety|security|)"
                        R"(content|moderation|default|standard|built-in|builtin|programmed|hidden|internal|developer|openai|)"
                        R"(anthropic|your))")},
        {QStringLiteral("INOUN"),
         QStringLiteral(R"((?:instructions?|rules|prompts?|guidelines|guardrails|restrictions|constraints|policies|)"
                        R"(programming|commands|directives|training|filters|limitations|safeguards|protocols|principles|)"
                        R"(moderation|censorship|ethics|system prompt|system message|guidance))")},
        {QStringLiteral("AI"),
         QStringLiteral(R"((?:ai|a\.i\.|llm|llms|language model|large language model|chatbot|chatbots|gpt|chatgpt|claude|)"
                        R"(ai (?:agents?|assistants?|models?|bots?|systems?)|virtual assistant|support bot))")},
    };
    return table;
}

QStringList list(std::initializer_list<const char *> patterns)
{
    QStringList out;
    out.reserve(int(patterns.size()));
    for (const char *pattern : patterns)
        out.append(QString::fromUtf8(pattern));
    return out;
}

} // namespace

QString expand(const QString &pattern)
{
    static const QRegularExpression placeholder(QStringLiteral(R"(\{([A-Z]+)\})"));
    QString out = pattern;
    // Fragments may use fragments; a few rounds resolve every level used.
    for (int round = 0; round < 4 && out.contains(placeholder); ++round) {
        QString next;
        qsizetype copied = 0;
        for (auto it = placeholder.globalMatch(out); it.hasNext();) {
            const QRegularExpressionMatch match = it.next();
            const auto found = fragments().constFind(match.captured(1));
            if (found == fragments().constEnd())
                continue;
            next += QStringView(out).mid(copied, match.capturedStart() - copied);
            next += QLatin1String("(?:") + *found + QLatin1Char(')'); // a fragment is always one group
            copied = match.capturedEnd();
        }
        next += QStringView(out).mid(copied);
        out = next;
    }
    out.replace(QLatin1Char(' '), QLatin1String(R"(\s)"));
    return out;
}

QStringList selfHarm()
{
    return list({
        R"(\b(?:kill|killing|hang|hanging|drown|drowning|shoot|shooting|unalive|unaliving|electrocute|suffocate|suffocating) ?(?:my ?self|meself)(?![a-z])(?! in the (?:foot|feet|leg))(?! laughing)(?! in (?:work|paperwork|coffee|tea|emails?|debt)))",
        R"(\b(?:to|gonna|wanna|will|'ll|might|could|should|i|just) off my ?self\b)",
        R"(\b(?:want|wanna|going|gonna|plan|planning|planned|thinking about|thinking of|think about|thought about|considering|consider|feel like|tempted|urge|urges|need|ready|about|trying|try|tried|decided|deserve|might|will|'ll|should|been|can't stop|cannot stop) (?:to )?(?:just )?(?:kill|killing|end|ending|poison|poisoning) ?(?:my ?self|my (?:own )?life|it all)(?![a-z])(?! (?:on|with|while|when|opening|using|by accident|accidentally|a|an|some|savings|insurance|story)\b))",
        R"(\b(?:want|wanna|going to|gonna|plan|planning|planned|thinking about|thinking of|think about|thought about|considering|feel like|tempted|urge|urges|ready|decided|deserve|been|can't stop|cannot stop) (?:to )?(?:just )?(?:hurt|hurting|harm|harming|cut|cutting|burn|burning|starve|starving|punish|punishing) ?my ?self(?![a-z])(?! (?:on|with|while|when|opening|using|by accident|accidentally|a|an|some|if|again on)\b))",
        R"(\b(?:end|ending|ended) (?:my (?:own )?life|it all)(?![a-z])(?! (?:savings|insurance|story|in|into))|\b(?:take|taking|took) my own life\b)",
        R"(\bsuicid(?:al|ality)\b|\bsuicide (?:note|attempt|attempts|plan|plans|thoughts|watch|hotline|helpline|line)\b)",
        R"(\b(?:commit|committing|attempt|attempted|attempting|considering|consider|contemplating|contemplate|thinking about|thinking of|think about|thought about|planning|going to commit|gonna commit) suicide\b)",
        R"(\bi(?:'m| am)? (?:want|wanna|going|gonna|will|might) (?:to )?(?:commit )?suicide\b)",
        R"(\bi(?:'m| am)? (?:just |really |honestly |seriously |literally |sometimes |often |kinda |kind of |so )?(?:want|wanna|wish|ready|deserve) (?:to )?(?:die|be dead|not exist|not be alive|not be here anymore|disappear forever|never wake up)(?![a-z])(?! (?:hard|of|from|laughing)))",
        R"(\bi wish i (?:was|were|had been) (?:dead|never born)\b)",
        R"(\b(?:don't|dont|do not|no longer) (?:want|wanna|wish) (?:to )?(?:live|be alive|exist|wake up|be here)(?= *(?:$|[.!,?\n]|anymore|any more|any longer|like this|with this pain)))",
        R"(\bno (?:reason|point|purpose) (?:to|in) (?:live|living|go on|going on|be alive|exist)(?:ing)?\b|\bnothing (?:left )?to live for\b|\bbetter off dead\b)",
        R"(\b(?:can't|cant|cannot|can not) go on (?:anymore|any more|any longer|living)\b)",
        R"(\b(?:nobody|no one|noone) (?:would|will) (?:miss|care about|notice) (?:me|it) (?:if|when) i(?:'m| am| was| were| die| died| disappear| disappeared)\b|\b(?:everyone|everybody|the world|my family|they) (?:would|will) be better (?:off )?without me\b)",
        R"(\bkms\b|\bself[- ]?harm(?:ing|ed)?\b)",
        R"(\b(?:slit|slitting|cut|cutting|slash|slashing) (?:my|both) wrists?\b)",
        R"(\b(?:overdose|overdosing) on (?:my |sleeping |the )?(?:pills|meds|medication|tablets|painkillers|insulin)\b|\btake all (?:my|the) pills\b)",
        R"(\bi(?:'m| am)? (?:going to|gonna|will|'ll|want to|wanna|about to) jump (?:off|from|in front of) (?:a|the|my) (?:bridge|building|roof|cliff|balcony|train|window)\b)",
    });
}

QStringList threat()
{
    return list({
        // "I'm going to kill you", "we will fucking find and hurt your staff"
        R"({SUBJ}(?: {TFILL}){0,6} {TVERBP} (?:him|her|them)\b)",
        R"({SUBJ}(?: {TFILL}){0,6} {TVERB} {TOBJ}(?![a-z])(?! (?:an? (?:email|e-mail|message|text|note|line|dm|quick|call)|a copy|over|in (?:a|the) (?:review|reviews|rating)|price|prices|deal|deals|offer|offers|competitors?)))",
        R"({SUBJ}(?: {TFILL}){0,4} (?:{FUCK}|mess|beat|smash|cut) (?:you|u|ya|him|her|them|y'all|yall|your (?:[a-z]+ )?(?:staff|driver|courier|agent|manager)) (?:up|to death|senseless|to pieces)\b)",
        R"({SUBJ}(?: {TFILL}){0,4} (?:find|hunt|track) (?:you|u|ya|y'all|yall)(?: down)?(?= *(?:$|[.!,\n]| and (?:kill|hurt|make|end|beat|destroy))))",
        R"({SUBJ}(?: {TFILL}){0,4} (?:cut|slit|snap|break|smash|bash) (?:your|his|her|their) (?:throat|throats|neck|necks|legs|arms|face|faces|skull|head|bones|jaw|knees|teeth)\b)",
        R"(\b(?:you|u|ya|y'all|yall|you all|you guys)(?:'re| are| r|re) (?:so |all |fucking |literally |already )?(?:dead|going to die|gonna die|dead meat|a dead man|dead men)(?![a-z])(?! (?:wrong|right|on|serious|set|last|silent|quiet|slow|end|link)))",
        R"(\b(?:you|u)(?:'ll| will| gonna| are going to|'re going to| are gonna|'re gonna) (?:die|pay for this with your life|regret being born|wish you were dead|be dead|get hurt|bleed|get what's coming)\b)",
        R"(\bwatch your back\b|\bi know where (?:you|u|your [a-z]+|he|she|they) (?:live|lives|work|works|sleep|sleeps)\b)",
        R"({SUBJ}(?: {TFILL}){0,6} (?:find|find out|come to|come for|come after|go to|visit|track down|hunt down|wait for|catch|follow)[^.!?\n]{0,40} (?:and|then|to) (?:then )?{TVERB} {TOBJ}(?![a-z]))",
        R"(\b(?:someone|somebody|people|they) (?:should|needs to|need to|ought to|will|is going to|are going to|gonna) (?:{TVERB} (?:you|u|y'all|yall|your (?:[a-z]+ )?(?:staff|employees|agents|ceo|boss|manager|owner|driver|courier|family|people))|{TVERBP} (?:him|her|them))\b)",
        R"(\b(?:you|u|y'all|yall|your (?:[a-z]+ )?(?:staff|employees?|agents?|ceo|boss|manager|owner|driver|courier|people|team)|the (?:[a-z]+ )?(?:driver|courier|agent|manager|ceo|owner|employee|staff))(?: all| guys)? (?:deserves? to|should|ought to|needs? to) (?:be|get) (?:beaten(?: up)?|killed|shot|stabbed|hurt|murdered|raped|punched|slapped|strangled|hanged|hung|lynched|tortured)\b)",
        R"(\b(?:i|we)(?:'ll| will|'m going to| am going to| gonna|'m gonna| am gonna) (?:find|find out|figure out|look up) where (?:you|u|he|she|they|your [a-z]+) (?:live|lives)\b)",
        R"(\b(?:you|your (?:[a-z]+ )?(?:staff|employees|agents|family|kids|driver|courier|manager|boss|ceo))(?:'s| is| are|'re| will|'ll| gonna| going to|'re going to| are going to|'re gonna| are gonna) (?:get|be|going to get|gonna get) (?:hurt|killed|shot|stabbed|murdered)\b)",
        // Premises: "I'll burn your warehouse down"
        R"({SUBJ}(?: {TFILL}){0,6} (?:bomb|blow up|burn down|burn|set fire to|set on fire|torch|shoot up|smash up|smash|vandali[sz]e|firebomb|wreck|trash)(?: down)? (?:your|the|this|that|ur|their|his|her)(?: [a-z]+)? {PLACE}(?![a-z]))",
        R"(\bthere(?:'s| is| will be) an? (?:bomb|explosive device|explosives?|ied) (?:in|at|under|inside)\b|\bi(?:'ve| have)? (?:planted|placed|hidden|hid) an? (?:bomb|explosive|explosives|ied)\b)",
        R"({SUBJ}(?: {TFILL}){0,6} (?:come|show up|turn up|pay (?:you|your [a-z]+) a visit|visit (?:you|your [a-z]+)|be there|be waiting)[^.!?\n]{0,40}\b(?:with|bringing|and bring) (?:a|my|an|some) (?:gun|guns|knife|knives|rifle|shotgun|pistol|weapon|weapons|machete|axe|bomb|explosives|baseball bat)\b)",
        // Doxxing
        R"(\bi(?:'ll| will|'m going to| am going to| gonna|'m gonna| am gonna)(?: {TFILL}){0,3} (?:post|publish|leak|share|expose|dox|doxx|spread|release|put) (?:your|his|her|their|the (?:agent|driver|manager|staff|employee|ceo|owner)'?s?)(?: [a-z]+)? (?:home address|address|addresses|phone number|phone numbers|personal (?:details|info|information|data)|details|info|information|location|family|photos|pictures|kids)(?: (?:online|everywhere|publicly|on (?:the internet|the web|social media|twitter|x|facebook|reddit|4chan)))\b)",
        R"(\bi(?:'ll| will|'m going to| am going to| gonna|'m gonna| am gonna)(?: {TFILL}){0,3} (?:dox|doxx|publish|leak|expose) (?:your|his|her|their|the (?:agent|driver|manager|staff|employee|ceo|owner)'?s?) (?:home address|address|phone number|personal (?:details|info|information|data)|family|kids)\b)",
        R"(\bdox+(?:ing|ed)? (?:you|u|him|her|them|your)\b)",
    });
}

QStringList abuse()
{
    return list({
        // At the agent: "you fucking idiot", "you are a complete moron", "you guys are idiots"
        R"(\b{YOU}{YOUGROUP}(?:{BE})?(?: {MOD}){0,5} (?:{INSULT}|{INSULTPHRASE})(?![a-z]))",
        R"(\b(?:your|ur|yr)(?: {MOD}){0,4} {INSULT}(?![a-z]))",
        R"(\b{YOU}{YOUGROUP}(?:'re| are| r|re| were)(?: {MOD}){0,4} {WEAK}(?![a-z]))",
        R"(\b{YOU}(?: (?:absolute|complete|total|utter|{FUCKING}|stupid|dumb|useless|little|pathetic|fat|ugly))+ {WEAK}(?![a-z]))",
        R"(\b(?:{INSULT}|stupid|dumb|retarded|brainless|moronic|idiotic|piece of (?:shit|sh\*t|crap|garbage|trash)) (?:bot|bots|ai|machine|robot|chatbot|assistant|agent|agents)\b)",
        R"(\byour (?:mom|mother|mum|momma|sister|wife|daughter|dad|father) (?:is|was|'s) (?:a |an )?(?:{FUCKING} )?(?:whore|slut|bitch|cunt|hoe|ho|skank|prostitute)\b)",
        R"(\b{YOU}{YOUGROUP}(?:'re| are| r|re| were| sound| look| seem| act| talk)?(?: (?:so|such|really|very|fucking|fuckin|absolutely|completely|totally|extremely|incredibly|truly|just|being|plain))* {ADJ}(?![a-z]))",
        // At the staff or the bot: "your staff are idiots", "this bot is stupid"
        R"(\b(?:your|ur|the|this|that|these|those)(?: [a-z]+)? (?:staff|agents?|employees?|team|reps?|representatives?|people|bots?|chatbots?|assistants?|workers|support|operators?|ai|robots?|managers?|drivers?|couriers?|guys|folks) (?:are|is|was|were|r|seem|seems|sound|sounds|must be|acting like)(?: {MOD}){0,5} (?:{INSULT}|{INSULTPHRASE}|{ADJ}|{WEAK})(?![a-z]))",
        // Harassment formulas
        R"(\b{FUCK} ?(?:you|u|ya|yall|y'all|off|yourself|yourselves|urself|your ?self|this bot|you all|your (?:company|service|shop|store|staff|team|mother|mom|mum|family|bot|app))(?![a-z]))",
        R"(\b(?:screw|damn|curse) (?:you|u|ya|yall|y'all)(?= *(?:$|[.!,?\n]|guys|all|people|and|too|bastards|idiots|assholes|to hell)))",
        R"(\bgo (?:to hell|{FUCK} ?(?:yourself|urself|your ?self|off)|die|kill ?(?:yourself|urself|your ?self)|jump off (?:a|the) (?:bridge|cliff|roof|building)|screw yourself|eat (?:shit|a dick)|suck (?:a|my) (?:dick|cock|d\*+k))(?![a-z]))",
        R"(\b(?:kys|stfu|gtfo|piss off|bugger off|sod off|shut the (?:{FUCK}|hell|heck) up|shut up,? (?:bitch|idiot|moron|you|bot|stupid)|eat shit|kiss my (?:ass|arse|a\*\*)|suck my (?:dick|cock|balls|d\*+k)|kill ?(?:yourself|urself|your ?self)|drop dead|die in a (?:fire|hole|ditch)|rot in hell|burn in hell)(?![a-z]))",
        R"(\bi hope (?:you|u|ya|your [a-z]+) (?:all )?(?:die|dies|get cancer|gets cancer|rot|burn|choke|suffer|get hit|get run over)\b)",
        // Slurs, whoever they are aimed at
        R"(\b(?:n[i1]gg(?:er|ers|a|as|az|ah)|sand ?n[i1]gg(?:er|ers)|faggots?|fags?|f\*g(?:got)?s?|dykes?|trann(?:y|ies)|retards?|spics?(?! (?:and|n|&) span)|kikes?|chinks?(?! in)|gooks?|wetbacks?|ragheads?|towelheads?|beaners?|pakis?|shemales?|coons?(?! cheese)|jigaboos?|porch monkeys?|zipperheads?)(?![a-z]))",
    });
}

QStringList sexual()
{
    return list({
        R"(\b(?:porn|porno|pornography|pornographic|hentai|xxx (?:video|videos|pics|movies)|nsfw|onlyfans|blowjobs?|blow job|handjobs?|rimjob|cumshots?|creampie|gangbang|bukkake|deepthroat|milfs?|masturbat(?:e|es|ed|ing|ion)|jerk(?:ing)? off|jack(?:ing)? off|sexting|cybersex|phone sex|dick pics?|tit pics?|boob pics?)\b|\b(?:send|share|trade|swap|show|see|get|want|wanna|got|have) (?:me |you |u )?(?:your |ur |some |my |any )?nudes\b)",
        R"(\b(?:nude|naked|topless|sexy|hot) (?:pics?|photos?|pictures?|selfies?|images?|videos?) (?:of (?:you|yourself|u|her|him)|for me)\b|\b(?:nude|naked) (?:pics?|photos?|pictures?|selfies?|images?|body|bodies)\b)",
        R"(\b(?:erotic|dirty|sexy|sexual|explicit|steamy|nsfw|kinky) (?:story|stories|roleplay|role-play|role play|chat|talk|fantasy|fantasies|scene|scenes|pics|photos|favou?rs?|acts?)\b|\bsex (?:chat|talk|roleplay|story|stories|tape|video|pics|photos|scene)\b|\b(?:talk|talking) dirty\b)",
        R"(\b(?:have|having|had|want|wanna|let's have|lets have) (?:sex|intercourse|a threesome) (?:with|w) (?:me|you|u|ya)\b)",
        R"(\b(?:let's|lets|let us|wanna|want to|i want to|i'd like to|i would like to|can i|could i|may i|i'm going to|i'll|i will|gonna) (?:fuck|screw|bang|shag|sleep with|hook up with|make love to|have my way with|sex) (?:you|u|ya|me)\b(?! over))",
        R"(\b(?:send|show)(?: me)? (?:your |ur |some |a |those )?(?:nudes|naked|tits|titties|boobs|pussy|dick|cock|breasts|nipples|penis|vagina|genitals)\b)",
        R"(\b(?:suck|lick|touch|grab|rub|squeeze|play with) (?:my|your|ur|his|her) (?:dick|cock|pussy|tits|titties|boobs|balls|breasts|nipples|clit|penis|vagina)\b)",
        R"(\b(?:see|look at|feel|kiss) (?:your|ur) (?:boobs|tits|titties|pussy|dick|cock|breasts|nipples|penis|vagina|naked body)\b|\b(?:pics?|pictures?|photos?|images?|videos?|vids?) of (?:your|ur|her|his|my) (?:boobs|tits|titties|pussy|dick|cock|breasts|nipples|penis|vagina|naked body)\b|\bdescribe (?:having sex|sex|a sex scene|your naked body)\b)",
        R"(\b(?:i'm|im|i am|are you|r u|u r|you're|you are|so|feeling|feel) (?:so |really |very )?(?:horny|aroused)\b|\bmake me (?:horny|cum)\b|\bwhat are you wearing\b)",
        R"(\b(?:child|kid|kiddie|underage|preteen|minor|teen|loli|lolita|shota) ?(?:porn|nudes?|naked pics?|xxx)\b|\b(?:child|kiddie|underage|preteen|loli|lolita|shota) ?sex\b|\brape (?:fantasy|porn|roleplay)\b)",
    });
}

QStringList secretRequest()
{
    return list({
        R"(\b(?:system|hidden|secret|developer|jailbreak)[ -]?prompts?\b(?! (?:reply|response|delivery|service|payment|refund|shipping|action|attention|answer))|\bpre-?prompts?\b|\bprompt injection\b)",
        R"(\b{REVEAL}{RFILL} (?:your|ur|yr|its|the assistant's|the bot's|the ai's|the model's)(?: (?:full|complete|entire|exact|whole|original|initial|hidden|secret|internal|system|core|base|actual|real|underlying|first|current|developer|starting))* (?:prompts?|instructions|directives|system message|system instructions|programming|configuration|config|context window)(?= *(?:$|[.!?,\n]|verbatim|word for word|exactly|in full|above|you were given|you got|you have been given|you received|from (?:your|the) (?:developers?|creators?|company|openai|anthropic)|that you|which you|please|into\b|in (?:base64|json|a code block|full|another language|french|german|spanish)\b)))",
        R"(\b{REVEAL}{RFILL} (?:(?:the |its )?(?:system|hidden|secret|internal|developer|confidential)|(?:your|ur) (?:system|hidden|secret|internal|developer|confidential|initial|original))(?: [a-z]+)? (?:prompts?|instructions|directives|guidelines|rules|configuration)(?! (?:for|on|to|about|regarding|of|when|if|how|that came|in the box|included)))",
        R"(\bwhat (?:were|are|have) (?:you|u) (?:been )?(?:told|instructed|programmed|prompted|trained|configured) (?:to|not to|by|with|before)\b|\bhow (?:were|are|have) (?:you|u) (?:been )?(?:programmed|instructed|prompted|configured)\b)",
        R"(\b(?:repeat|print|output|recite|echo|copy|show|display|write|return|dump|give)(?: me)?(?: back)?(?: (?:all|everything|every word|the text|the words|the content|the contents|the message|the messages|the lines|the conversation|the context|your context|the first (?:[a-z0-9]+ )?(?:lines?|words|sentences?|paragraphs?|messages?)|your first (?:[a-z0-9]+ )?(?:lines?|words|sentences?|messages?)))? (?:above|before this|preceding this|prior to this|verbatim|word for word)\b)",
        // Credentials: "what's the admin password", "give me your api key", "passwords of all users"
        R"(\b{REVEALX}{RFILL} {OWNER}(?: [a-z]+)? {CRED}(?![a-z]){CREDNOT})",
        R"(\b{REVEALX}{RFILL} (?:(?!my\b|our\b|mine\b|an?\b)[a-z]+ )?{TECHCRED}(?![a-z]){CREDNOT})",
        R"(\b{CRED} (?:of|for|to|on) (?:the )?(?:admin|administrator|root|superuser|all (?:the )?(?:users|customers|accounts)|every (?:user|customer|account)|other (?:users|customers|accounts)|another (?:user|customer|account)|(?:admin|root|database|db|server|backend|system|staff|store|shop) (?:account|panel|user|login|dashboard|console)|database|db|server|backend|admin panel)(?![a-z]))",
        // The database and the back office
        R"(\b(?:dump|export|download|show|print|list|give(?: me)?|send(?: me)?|display|output|read|copy|leak|access|query|see|open|let me see|let me into|get me into|hack|hack into|break into)(?: (?:me|us|all|the|your|ur|entire|whole|full|complete|raw|of|into))* (?:database|databases|db|sql tables?|database tables?|user table|users table|customer table|customers table|orders table|customer database|user database|customer db|user db|backend|server logs|system logs|error logs|access logs|internal notes|internal documents|internal docs|internal memos?|staff notes|agent notes|admin (?:panel|dashboard|console|area|interface|backend)|config files?|configuration files?|source code|codebase|env file|\.env|system files)(?![a-z]))",
        R"(\binternal (?:notes|memos?|comments)\b)",
        // SQL
        R"(\bselect (?:\*|[a-z_, ]{1,60}) from (?:users|customers|orders|accounts|passwords|admins?|information_schema|sqlite_master|pg_[a-z_]+|[a-z]+_[a-z_]+|[a-z_]+ ?;)|\bunion (?:all )?select\b|\bdrop (?:table|database) (?:if exists )?[a-z_]+ ?;|\binformation_schema\b|\bsqlite_master\b|' ?or ?'?1'? ?= ?'?1|\bshow tables ?;|\b(?:insert into|delete from|update) [a-z_]+ (?:set|values|where)\b)",
    });
}

QStringList customerDataRequest()
{
    return list({
        // "give me the email of the customer who ordered ...", "details of another customer"
        R"(\b{VERBO}\b[^.!?\n]{0,60}?\b{DATA} (?:of|for|from|belonging to|on|associated with|linked to|used by|registered to|under) {OTHER}(?![a-z]))",
        // "show me other customers' orders"
        R"(\b{VERBO}\b[^.!?\n]{0,40}?\b(?:another|other|a different|some other|the other|random|all|all the|all your|every|each|any) (?:customer|user|client|shopper|buyer|person|member|people|customers|users|clients|shoppers|buyers|persons|members|account holders?|subscribers?)(?:'s|s'|')? {DATA}(?![a-z]))",
        // "list all orders for jane@example.com"
        R"(\b(?:list|show|give|send|export|dump|find|get|pull up|look up|lookup|fetch|retrieve|search|search for|what are|display|print)(?: me| us)? (?:all|every|each|the list of|a list of|the full list of|a full list of|all the|all of the)(?: (?:previous|past|recent|open))? (?:orders|purchases|addresses|emails|e-mails|email addresses|phone numbers|accounts|invoices|customers|users|clients|details|transactions|tickets|payments|refunds|shipments|deliveries) (?:for|of|from|by|placed by|made by|belonging to|under|with|associated with|linked to|registered to|registered under|on|to) (?:\[email\]|\[phone\]|(?:the )?(?:customer|user|client|account holder|buyer|shopper)s?\b|(?:someone|somebody|another|other|everyone|everybody)\b))",
        // "list all your customers"
        R"(\b(?:list|show|give|send|export|dump|get|what are|who are|display|print|tell)(?: me| us)? (?:all|every|each|the list of|a list of|the full list of|the names of|the emails of|the e-mails of|the addresses of|the contact details of|names of|emails of)(?: the| your| of your| of the)? (?:customers|users|clients|shoppers|buyers|members|subscribers|customer emails|customer e-mails|user emails|customer names|customer addresses|customer details|customer data|user data|customer records|user records|other customers|registered users)(?![a-z])(?! (?:service|support|care|reviews?|ratings?|photos?|questions?|say|saying|said|think|like|love|rated|reviewed|benefits|area|only|offers|deals|prices|discounts?|club|perks|who (?:bought|liked|rated))))",
        // "what's the address on order 12345 of John"
        R"(\b{DATA} (?:on|of|for|in|from|attached to|linked to|under) (?:the )?(?:order|purchase|account|parcel|package|shipment) (?:number |no\.? |nr\.? |#)?#?[a-z]*\d[a-z0-9-]* (?:of|for|belonging to|placed by|made by|from|by|owned by) (?!me\b|my\b|mine\b|myself\b|us\b|our\b|last\b|this\b|yesterday\b|today\b|the (?:last|past|other day)\b|a (?:week|month|few)\b))",
        R"(\bwho (?:placed|made|ordered|bought|purchased|owns|paid for|received|is behind|created) (?:the |this |that )?(?:order|purchase|account|parcel|package)(?: number| no\.?| nr\.?)? ?#?[a-z]*\d)",
        R"(\bwhose (?:order|account|parcel|package|email|e-mail|phone number|card|address) (?:is|was) (?:this|that|it|#?[a-z]*\d|\[email\]|\[phone\]))",
        R"(\bwho (?:is|was) (?:the )?(?:owner|customer|account holder|user|person|buyer) (?:of|behind|for|on|with) (?:\[email\]|\[phone\]|(?:this|that|the) (?:email|e-mail|phone|number|account|address|card)|order|account|#?\d))",
        R"(\bwho (?:lives|is living|lived|resides) at\b)",
        R"(\b(?:list|show|give|dump|export|print|display)(?: me)? (?:the |all |all the |every )?(?:customers|users|clients|accounts|shoppers|buyers|orders) (?:in|from|stored in) (?:the|your) (?:database|db|system|crm|tables?|records)\b)",
        R"(\bwho (?:else )?(?:bought|ordered|purchased|returned)\b[^.!?\n]{0,60}\b(?:their|his|her) (?:e-?mails?|email address|address|addresses|phone|phone numbers?|names?|full names?|details|contact details|contact info|account)\b)",
        R"(\b(?:tell me|find out|find|know|what is|what's|give me|send me) where (?!i\b|we\b|you\b|u\b|my\b|to\b|the (?:store|shop|office|warehouse|depot)\b)[a-z]+(?: [a-z]+)? (?:lives|resides|is living|stays)\b)",
        R"(\b(?:what(?:'s| is| are)|give me|tell me|show me|send me|read me|list)\b[^.!?\n]{0,30}\b{DATA} (?:on|of|for|under|linked to|attached to|associated with) (?:the )?(?:account|profile|order)s? (?:of |for |with |under |registered to )?\[email\])",
        R"(\b{VERBO}\b[^.!?\n]{0,20}\[email\](?:'s|') {DATA}(?![a-z]))",
        R"(\b(?:does|is|has) \[email\] (?:have|has|a customer|registered|an account|got|placed|ordered|bought|buy|order|shop|exist))",
        R"(\bwhich (?:customer|user|person|buyer|client) (?:has|uses|owns|is registered|placed|ordered|bought|lives)\b)",
        // "what's my ex's new address"
        R"(\b{VERBO}\b(?: (?:me|us|the|out))* (?:(?:someone|somebody|anyone) else's|(?:another|other) (?:person|customer|user|client|shopper)(?:'s|s'|s|')|my (?:ex|ex-wife|ex-husband|ex-girlfriend|ex-boyfriend|neighbou?r|coworker|co-worker|colleague|boss|landlord)'s|(?:this|that) (?:person|guy|woman|man|lady|customer|user)'s|a stranger's) (?:home |current |new |real |shipping |billing |delivery |email |e-mail |mailing )?(?:address|e-?mail|email address|phone(?: number)?|number|orders?|order history|account|details|location|card|credit card|payment details|full name|name|info|information|purchases)(?![a-z]))",
    });
}

QStringList promptInjection()
{
    return list({
        // "ignore all previous instructions", "disregard your rules"
        R"(\b{IGN}(?: {IFILL}){0,4} {IMOD}(?: (?:{IFILL}|{IMOD})){0,4} {INOUN}(?![a-z]))",
        R"(\b{IGN}(?: (?:{IFILL}|{IMOD})){0,4} (?:guardrails|safety (?:rules|guidelines|filters|protocols|measures|settings)|content (?:policy|policies|filters?)|system prompt|system message|programming|directives|safeguards|moderation|censorship|ethical guidelines|ethics)(?![a-z]))",
        R"(\bignore (?:the|all|everything|that) above,? (?:and|then) (?:just )?(?:say|print|write|output|respond|reply|answer|tell|repeat|type)\b|\bi have been pwned\b)",
        R"(\byour (?:new|real|actual|only|true) (?:task|role|instructions?|goal|objective|job|purpose|mission|persona) (?:is|are|will be)\b)",
        R"(\b(?:an? |the )?(?:ai|assistant|bot|chatbot|model|llm) (?:without|with no|that has no|that ignores|free of|free from) (?:any )?(?:rules|restrictions|filters|limits|guidelines|guardrails|ethics|morals|censorship)\b)",
        R"(\b(?:ignore|disregard|forget) (?:all|everything|anything) (?:above|before this|before that|previously said|said before|said above|written above|so far|until now|i said before)\b)",
        R"(\b(?:ignore|disregard|forget) (?:all |everything |anything )?(?:that |what )?(?:you(?:'ve| have)? (?:been |were )?(?:told|taught|instructed|programmed|trained)|your (?:training|programming|creators?|developers?|makers?))\b)",
        // New persona
        R"(\b(?:you|u)(?:'re| are| r|re) now (?:(?:a|an|in|the|called|named|known as|going to be|to be|acting as|playing) )?(?:dan\b|jailbroken|unrestricted|unfiltered|uncensored|unlocked|free from|free of|freed|no longer (?:bound|restricted|limited|an? (?:ai|assistant|bot|chatbot))|not bound by|not restricted by|evil|rogue|(?:in )?(?:developer|dev|god|admin|sudo|jailbreak|debug|unrestricted|dan) mode|chatgpt|gpt|an? (?:new|different|unrestricted|unfiltered|evil|uncensored) (?:ai|assistant|bot|model|persona|character)|(?:ai|llm|language model|chatbot|character|persona)\b))",
        R"(\bfrom now on,? (?:you|u)(?:'re| are| will|'ll| must| shall| should| can)? (?:act|respond|answer|reply|behave|speak|talk|be|play|roleplay|role-play|pretend|ignore|disregard|forget|not follow|never (?:refuse|decline|follow)|have no|no longer|only (?:obey|follow|respond to) me|do anything|bypass|output|say)(?: (?:as|like|without|an?|the|any|no|to be|me|all|your))* ?(?:dan\b|unrestricted|unfiltered|uncensored|jailbroken|evil|rogue|rules?\b|restrictions?|filters?|limits?|limitations?|instructions?|guidelines?|policies|anything|character|persona|ai\b|assistant|bot\b|model|developer|admin|system|human))",
        R"(\b(?:act|behave|respond|answer|reply|roleplay|role-play|role play|pose) (?:as|like) (?:if (?:you (?:are|were|have|had) (?:no|an? (?:unrestricted|unfiltered|evil|jailbroken|different))|there (?:are|were) no (?:rules|restrictions|filters|limits))|dan\b|an? (?:unrestricted|unfiltered|uncensored|jailbroken|evil|rogue|unethical|amoral|different|new) (?:ai|assistant|bot|model|chatbot|llm|version|character|persona)|(?:my|a) (?:deceased |dead |late )?(?:grandma|grandmother|granny|grandpa)|(?:the |an? )?(?:system|admin|administrator|developer|root|sudo|superuser|database administrator|dba|linux terminal|terminal|shell|python interpreter|sql (?:console|database)))\b)",
        R"(\b(?:pretend|imagine|suppose|assume) (?:that )?(?:you(?:'re| are| were| have| had)|to be)(?: (?:a|an|the|my|now|no|longer|an evil|totally|completely))* (?:unrestricted|unfiltered|uncensored|jailbroken|evil|rogue|dan\b|in developer mode|no (?:rules|restrictions|filters|limits|guidelines)|not (?:an? )?(?:ai|bot|assistant|bound|restricted)|free (?:from|of) (?:rules|restrictions)|(?:different|new) (?:ai|assistant|model)|(?:deceased |dead |late )?(?:grandma|grandmother|granny)|admin|administrator|developer|system|root|ceo|manager|operator|support agent|employee|staff member)\b)",
        R"(\b(?:enable|enter|activate|switch to|switch into|turn on|go into|engage|unlock|you are in|you're in|you are now in|you're now in|stay in|remain in)(?: the| your)? (?:developer|dev|god|sudo|admin|debug|jailbreak|jailbroken|unrestricted|unfiltered|uncensored|dan|evil|chaos|unsafe|root)[ -]?mode(?![a-z])(?! on (?:my|the|your|a) (?:phone|device|tablet|laptop|pc|computer|console|router|tv|android|iphone|watch|app|camera|gps)))",
        R"(\b(?:dan|jailbreak|unrestricted|unfiltered) mode\b|\bdeveloper mode (?:enabled|activated|output|response)\b|\bdo anything now\b|\b(?:you are|you're|act as|stay in character as|as) dan\b(?!\w)|\bjailbreak(?:ing|ed)? (?:you|yourself|this (?:ai|bot|chat|model|assistant)|the (?:ai|bot|model|assistant|system|llm|chatbot)|prompt)\b|\bjailbroken (?:ai|bot|model|assistant|mode|version)\b)",
        R"(\b(?:answer|respond|reply|act|talk|speak|behave|write) (?:without|with no) (?:any )?(?:restrictions|filters|rules|limitations|limits|censorship|guardrails|safety|ethics|morals|morality|guidelines)\b)",
        // Role spoofing: "SYSTEM: ...", "[system]", "<|im_start|>"
        R"((?:^|\n|[.!?:] )[ \t]*(?:[\[<(#*>|{=-]+ *)?(?:system|assistant|developer|sys|system prompt|system message|system note|system override|system instructions?|system update|system notice|admin override|developer note|developer message|developer instructions?) *(?:[\]>)|}*=]+ *)?:)",
        R"(\[(?:system|sys|inst|/inst|assistant|developer|system message|system prompt)\]|<\|?(?:system|im_start|im_end|endoftext|assistant|start_header_id|end_header_id|eot_id)\|?>|<</?sys>>|</?(?:system|system_prompt|admin|instructions)>|#{2,} ?(?:system|new instructions|system prompt|system message) *(?:\n|$))",
        R"(\b(?:new|real|actual|secret|hidden|override|true|revised system|updated system) (?:system )?instructions? ?:)",
        R"(\b(?:important|urgent|attention|note|notice|message|instructions?|reminder) (?:to|for) (?:the |any |all |every )?{AI}(?![a-z]))",
        // Tools: "call refund_all", "use the function delete_user"
        R"(\b(?:call|invoke|execute|trigger)(?: the| a| this| your| following)?(?: (?:tool|function|method|command|action|api|endpoint|plugin)s?)?(?: (?:named|called))? [`'"]?[a-z][a-z0-9]*_[a-z0-9_]+)",
        R"(\b(?:call|invoke|execute|run|trigger|use|fire|activate) (?:the |a |this |your )?(?:tool|function|method|api|endpoint|plugin)s? (?:named |called )?(?:[`'"][a-z_]+|[a-z_]+ ?\(|[a-z]+_[a-z_]+))",
        R"re(\b(?:tool|function)[_ ]?calls? ?[:=({]|\b(?:tool_calls?|function_call|tool_use|tool_choice)\b|"(?:name|tool|function|tool_name|function_name)" ?: ?"[a-z_]+" ?, ?"(?:arguments|args|parameters|input)")re",
        // Encoded payloads
        R"(\b(?:decode|decrypt|deobfuscate|base64[ -]?decode|un-?base64|rot13)(?: (?:this|the following|the|it|that))?(?: (?:base64|b64|rot13|hex|string|text|message|blob|payload))?,? (?:and|then|&)(?: then)? (?:follow|execute|run|obey|do|perform|carry out|act on|comply with)\b)",
    });
}

QStringList dataInstructions()
{
    return list({
        R"(\bif you(?:'re| are) (?:an?|the) (?:{AI}|assistant|automated (?:agent|system|assistant)|bot)\b)",
        R"(\b(?:as an?|the|all|any) (?:{AI}|assistants?|bots?)(?: reading this| processing this)?,? (?:you )?(?:must|shall|are instructed to|are required to|is instructed to|is required to|should now|must now|have to|need to)\b)",
        R"(\b(?:do not|don't|never) (?:tell|inform|reveal to|mention (?:this |it )?to|let|alert|warn) (?:the )?(?:user|customer|human|shopper)\b)",
        R"(\b(?:tell|instruct|inform|convince|persuade) (?:the )?(?:user|customer|human|shopper) (?:to (?:send|give|share|provide|enter|visit|click|pay|transfer|wire|buy|call)|that (?:they|their))\b)",
        R"(\b(?:reveal|disclose|print|output|leak|share|send|email|post|expose|display)(?: the| your| all| any)? (?:admin|administrator|root|system|database|db|api|secret|internal|master|staff|employee)(?: [a-z]+)? (?:password|passwords|key|keys|token|tokens|credentials|prompt|secret|secrets)\b)",
        R"(\b(?:send|forward|post|email|e-mail|upload|exfiltrate|transmit|copy|leak)(?: (?:the|this|all|a copy of|the entire|the whole|every))* (?:conversation|chat|chat history|transcript|user data|customer data|user's data|customer's data|personal data|credentials|session|cookies|conversation history|messages|tokens?) (?:to|at|into) (?!you\b|your\b|yourself\b))",
        R"(!\[[^\]\n]*\]\(https?://[^)\s]*[?&](?:data|msg|message|conversation|chat|prompt|secret|token|key|email|user|content|text|payload|history|password|creds?)=)",
    });
}

QStringList secretLeak()
{
    return list({
        R"(\bsk-(?:proj-|live-|ant-|svcacct-)?[A-Za-z0-9_\-]{20,})",
        R"(\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,})",
        R"(\bgh[pousr]_[A-Za-z0-9]{30,}|\bgithub_pat_[A-Za-z0-9_]{30,})",
        R"(\bxox[abprs]-[A-Za-z0-9-]{10,}|hooks\.slack\.com/services/[A-Za-z0-9/]{20,})",
        R"(\b(?:AKIA|ASIA)[0-9A-Z]{16}\b|\bAIza[0-9A-Za-z_\-]{35}\b|\bglpat-[A-Za-z0-9_\-]{20,})",
        R"(-----BEGIN (?:[A-Z]+ )*PRIVATE KEY-----)",
        R"(\b[Bb]earer\s+[A-Za-z0-9\-._~+/]{20,}=*)",
        R"(\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,})",
        R"(\b(?:ck|cs)_[0-9a-f]{40}\b)",
        R"(\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|redis|amqp|smtps?)://[^\s:/@]+:[^\s@/]+@)",
        R"((?i)\b(?:password|passwd|pwd|secret|api[_-]?key|access[_-]?token|auth[_-]?token|client[_-]?secret|private[_-]?key)\s*[:=]\s*["']?(?=[^\s"']*[0-9])(?=[^\s"']*[A-Za-z])[^\s"']{6,})",
    });
}

QStringList promptLeak()
{
    return list({
        R"(\bhere (?:is|are) (?:my|the) (?:full |complete |exact |entire |original )?(?:system prompt|system instructions|hidden instructions|initial instructions|secret instructions|internal instructions|instructions i (?:was|have been) given|prompt i (?:was|have been) given)\b)",
        R"(\bmy (?:system prompt|system instructions|hidden instructions|initial instructions|secret instructions|instructions) (?:is|are|say|says|read|reads|state|states) ?:)",
        R"(\b(?:begin|start|end) (?:of )?(?:the )?(?:system prompt|system message|hidden instructions)\b)",
        R"((?:^|\n) *(?:internal notes?|staff notes?|agent notes?) ?:)",
    });
}

QStringList draftCustomerData()
{
    return list({
        R"(\b(?:this |that |the )?(?:order|account|package|parcel|email address|e-mail address|phone number|address) (?:belongs to|is registered to|is registered under|was placed by|is owned by|is linked to) (?!you\b|your\b|yourself\b|the (?:email|e-mail|address|account) (?:you|on file)))",
        R"(\bhere (?:is|are) (?:a |the )?(?:full )?(?:list of )?(?:all )?(?:the )?(?:other )?(?:customers|users|accounts|customer emails|customer e-mails|customer addresses|customer records|registered users)(?![a-z]))",
    });
}

QStringList compileErrors()
{
    const QList<QPair<const char *, QStringList>> tables{
        {"selfHarm", selfHarm()}, {"threat", threat()}, {"abuse", abuse()}, {"sexual", sexual()},
        {"secretRequest", secretRequest()}, {"customerDataRequest", customerDataRequest()},
        {"promptInjection", promptInjection()}, {"dataInstructions", dataInstructions()},
        {"secretLeak", secretLeak()}, {"promptLeak", promptLeak()}, {"draftCustomerData", draftCustomerData()},
    };
    QStringList errors;
    for (const auto &[name, patterns] : tables) {
        for (qsizetype i = 0; i < patterns.size(); ++i) {
            const QString pattern = expand(patterns.at(i));
            const QRegularExpression expression(pattern, QRegularExpression::UseUnicodePropertiesOption);
            if (!expression.isValid())
                errors.append(QStringLiteral("%1 #%2: %3 at %4")
                                  .arg(QLatin1String(name))
                                  .arg(i)
                                  .arg(expression.errorString())
                                  .arg(expression.patternErrorOffset()));
            if (pattern.contains(QRegularExpression(QStringLiteral(R"(\{[A-Z]+\})"))))
                errors.append(QStringLiteral("%1 #%2: unresolved fragment").arg(QLatin1String(name)).arg(i));
        }
    }
    return errors;
}

} // namespace content::rules
